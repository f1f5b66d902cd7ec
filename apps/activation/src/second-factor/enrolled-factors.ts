import { EntityManager } from 'typeorm';
import { SecondFactor } from './second-factor.entity';

/** R27: the account's factors, the one last used at a login first (then the newest), as the login offers them. */
export function enrolledFactors(manager: EntityManager, gatewayId: string): Promise<SecondFactor[]> {
  return manager
    .createQueryBuilder(SecondFactor, 'factor')
    .where('factor.gateway_id = :gatewayId', { gatewayId })
    .orderBy('factor.last_used_at', 'DESC', 'NULLS LAST')
    .addOrderBy('factor.enrolled_at', 'DESC')
    .getMany();
}
