// kolokasi gateway with iptables on the kernel: see agent-suite.ts.
import { defineAgentSuite } from './agent-suite.ts';

defineAgentSuite('iptables');
