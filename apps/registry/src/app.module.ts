import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@client-gate/platform';
import { RegistryEnv } from './config';
import { RegistryTables1764000000200 } from './database/migrations/1764000000200-registry-tables';
import { RegisterGatewayService } from './gateways/commands/register-gateway/register-gateway.service';
import { ApplicationSubmittedConsumer } from './gateways/events/application-submitted.consumer';
import { CredentialActivatedConsumer } from './gateways/events/credential-activated.consumer';
import { Gateway } from './gateways/gateway.entity';
import { GetGatewayController } from './gateways/queries/get-gateway/get-gateway.controller';

@Module({})
export class AppModule {
  static register(env: RegistryEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({ name: 'registry', env, entities: [Gateway], migrations: [RegistryTables1764000000200] }),
      ],
      controllers: [GetGatewayController, ApplicationSubmittedConsumer, CredentialActivatedConsumer],
      providers: [RegisterGatewayService],
    };
  }
}
