import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@client-gate/platform';
import { RegistryEnv } from './config';
import { RegistryTables1764000000200 } from './database/migrations/1764000000200-registry-tables';
import { TemporaryRegistrations1764000000201 } from './database/migrations/1764000000201-temporary-registrations';
import { GatewayTombstones1764000000202 } from './database/migrations/1764000000202-gateway-tombstones';
import { GatewaySearchIndex1764000000203 } from './database/migrations/1764000000203-gateway-search-index';
import { FindGatewaysController } from './gateways/queries/find-gateways/find-gateways.controller';
import { GatewayLookups } from './gateways/queries/gateway-lookups';
import { ApplicationVerdicts } from './gateways/application-verdicts';
import { DeleteGatewayService } from './gateways/commands/delete-gateway/delete-gateway.service';
import { ModifyGatewayService } from './gateways/commands/modify-gateway/modify-gateway.service';
import { PurgeUnactivatedGatewaysJob } from './gateways/commands/purge-unactivated-gateways/purge-unactivated-gateways.job';
import { RegisterGatewayService } from './gateways/commands/register-gateway/register-gateway.service';
import { ApplicationSubmittedConsumer } from './gateways/events/application-submitted.consumer';
import { CredentialActivatedConsumer } from './gateways/events/credential-activated.consumer';
import { Gateway } from './gateways/gateway.entity';
import { GetGatewayController } from './gateways/queries/get-gateway/get-gateway.controller';
import { CancelTemporaryRegistrationController } from './temporary-registrations/commands/cancel-temporary-registration/cancel-temporary-registration.controller';
import { CancelTemporaryRegistrationService } from './temporary-registrations/commands/cancel-temporary-registration/cancel-temporary-registration.service';
import { CreateTemporaryRegistrationController } from './temporary-registrations/commands/create-temporary-registration/create-temporary-registration.controller';
import { CreateTemporaryRegistrationService } from './temporary-registrations/commands/create-temporary-registration/create-temporary-registration.service';
import { LapseTemporaryRegistrationsJob } from './temporary-registrations/commands/lapse-temporary-registrations/lapse-temporary-registrations.job';
import { TemporaryRegistration } from './temporary-registrations/temporary-registration.entity';

@Module({})
export class AppModule {
  static register(env: RegistryEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({
          name: 'registry',
          env,
          entities: [Gateway, TemporaryRegistration],
          migrations: [RegistryTables1764000000200, TemporaryRegistrations1764000000201, GatewayTombstones1764000000202, GatewaySearchIndex1764000000203],
        }),
      ],
      controllers: [
        GetGatewayController,
        FindGatewaysController,
        CreateTemporaryRegistrationController,
        CancelTemporaryRegistrationController,
        ApplicationSubmittedConsumer,
        CredentialActivatedConsumer,
      ],
      providers: [
        ApplicationVerdicts,
        GatewayLookups,
        RegisterGatewayService,
        DeleteGatewayService,
        ModifyGatewayService,
        PurgeUnactivatedGatewaysJob,
        CreateTemporaryRegistrationService,
        CancelTemporaryRegistrationService,
        LapseTemporaryRegistrationsJob,
      ],
    };
  }
}
