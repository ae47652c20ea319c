// kolokasi gateway with nftables on the kernel: see agent-suite.ts.
import { defineAgentSuite } from './agent-suite.ts';

defineAgentSuite('nftables');
