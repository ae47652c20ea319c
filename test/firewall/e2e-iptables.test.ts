// iptables-restore output on the real kernel: the same matrix as for nftables (gateway-suite.ts).
import { defineGatewaySuite } from './gateway-suite.ts';

defineGatewaySuite('iptables');
