// nftables output on the real kernel: see gateway-suite.ts for the matrix.
import { defineGatewaySuite } from './gateway-suite.ts';

defineGatewaySuite('nftables');
