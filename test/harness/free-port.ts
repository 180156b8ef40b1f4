export { freePort } from '../../scripts/lib/redis-server';
