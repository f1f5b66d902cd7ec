import { Injectable } from '@nestjs/common';
import { EventData, EventDefinition } from '@client-gate/contracts';
import { Clock, EventHandler, EventPublisher, EventsHandler, HandlerBinding, on, onAll } from '@client-gate/platform';
import { EntityManager } from 'typeorm';
import { Delivery } from '../courier/delivery.entity';
import { Recipient } from '../recipients/recipient.entity';
import { Reminder } from '../reminders/reminder.entity';
import { ErasedGateway, ErasureReason } from './erased-gateway.entity';

/**
 * R12, R17: erases a gateway's personal data here: its address, its reminder schedules (with document
 * numbers) and its unsent emails. Sent emails hold none (the courier scrubs them once sent), so only
 * ids, types and times remain, with a tombstone that keeps late events from bringing any data back.
 */
@Injectable()
export class Erasure {
  constructor(
    private readonly events: EventPublisher,
    private readonly clock: Clock,
  ) {}

  /** Binds a handler that runs only while the event's gateway has not been erased: a late event brings nothing back. */
  unlessErased<D extends EventDefinition>(definition: D, handle: EventHandler<D>): HandlerBinding {
    return on(definition, async (event, manager) => {
      const { gatewayId } = event.data as EventData<D> & { gatewayId: string };
      if (await manager.existsBy(ErasedGateway, { gatewayId })) return;
      return handle(event, manager);
    });
  }

  /** `unlessErased` for a set-based handler: one look-up for all the events it is given. */
  unlessErasedAll<D extends EventDefinition>(definition: D, handleAll: EventsHandler<D>): HandlerBinding {
    return onAll(definition, async (events, manager) => {
      const gatewayIds = events.map(({ data }) => (data as EventData<D> & { gatewayId: string }).gatewayId);
      const rows: { gateway_id: string }[] = await manager.query('SELECT gateway_id FROM erased_gateway WHERE gateway_id = ANY($1::uuid[])', [gatewayIds]);
      const erased = new Set(rows.map((row) => row.gateway_id));
      const live = events.filter((_, index) => !erased.has(gatewayIds[index]));
      return live.length > 0 ? handleAll(live, manager) : undefined;
    });
  }

  async erase(manager: EntityManager, gatewayId: string, reason: ErasureReason): Promise<void> {
    await manager.insert(ErasedGateway, { gatewayId, reason, erasedAt: this.clock.now() });
    await manager.delete(Recipient, { gatewayId });
    await manager.delete(Reminder, { gatewayId });
    await manager.delete(Delivery, { gatewayId, status: 'pending' });
    await this.events.audit(manager, { actor: 'notifications', action: `personal-data.erased.${reason}`, subject: gatewayId });
  }
}
