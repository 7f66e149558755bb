/**
 * One client's address in one spelling: an IPv4 client reaching an IPv6 socket shows as
 * ::ffff:1.2.3.4, and is the same client as 1.2.3.4 for every per-address count.
 */
export function clientAddressKey(address: string): string {
  return address.toLowerCase().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
}
