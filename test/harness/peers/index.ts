/**
 * The discovery protocol peers, shared by both test tiers: the medium tests in libs/discovery
 * drive the discoverers against them directly, the e2e tests point the built scheduler at them.
 * They live beside the discovery library (libs/discovery/test) and are re-exported here so e2e
 * tests import them from the harness. Kept out of the harness index on purpose: it pulls in dns2.
 */
export { startFakeDnsServer, FakeDnsServer, Zone } from '../../../libs/discovery/test/fake-dns-server';
export { FakeKubeApi } from '../../../libs/discovery/test/fake-kube-api';
export { FakeConsul, entry as consulEntry } from '../../../libs/discovery/test/fake-consul';
export { startHttpServer, TestHttpServer } from '../../../libs/discovery/test/http-server';
export { FakeApi } from '../../../libs/discovery/test/fake-api';
export { FakeEureka } from '../../../libs/discovery/test/fake-eureka';
export { FakeEc2 } from '../../../libs/discovery/test/fake-ec2';
