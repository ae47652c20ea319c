// The stack the hand-made report tests use: one small public pool, one LAN, no reserved names.
import type { StackConfig } from '../../src/core/model.ts';
import { smallConfig } from '../core/synthetic.ts';

export function reportConfig(): StackConfig {
  return smallConfig({
    zone: 'dev.tarakankota.go.id',
    pools: {
      publicIpv4: [{ name: 'publik-a', cidr: '203.0.113.0/26', gateway: '203.0.113.1' }],
      private: { name: 'lan-colo', cidr: '10.20.30.0/24', gateway: '10.20.30.1' },
    },
    reservedSubdomains: [],
  });
}
