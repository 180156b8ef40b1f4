/** Every OpenStack meta label starts with this; the rest is named where each role sets it. */
export const P = '__meta_openstack_';
