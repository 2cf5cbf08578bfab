import { type DynamicModule, Global, Module } from '@nestjs/common';
import {
  CLOCK,
  type Clock,
  KEY_VALUE_STORE,
  type KeyValueStore,
  OBJECT_STORE,
  type ObjectStore,
  systemClock,
} from '@tributary/ports';
import { EventBus } from '../events/event-bus';

export interface InfrastructurePorts {
  readonly objectStore: ObjectStore;
  readonly keyValueStore: KeyValueStore;
  readonly eventBus: EventBus;
  readonly clock?: Clock;
}

/** Makes the ports injectable: OBJECT_STORE, KEY_VALUE_STORE, EventBus and CLOCK. */
@Global()
@Module({})
export class InfrastructureModule {
  static forRoot(ports: InfrastructurePorts): DynamicModule {
    return {
      module: InfrastructureModule,
      providers: [
        { provide: OBJECT_STORE, useValue: ports.objectStore },
        { provide: KEY_VALUE_STORE, useValue: ports.keyValueStore },
        { provide: EventBus, useValue: ports.eventBus },
        { provide: CLOCK, useValue: ports.clock ?? systemClock },
      ],
      exports: [OBJECT_STORE, KEY_VALUE_STORE, EventBus, CLOCK],
    };
  }
}
