/** Minimal IPv4 CIDR arithmetic, enough to validate networks and carve subnets without Terraform functions. */
export interface Ipv4Cidr {
  readonly network: number;
  readonly prefix: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; returns undefined for anything malformed (octet > 255, prefix > 32, host bits set). */
export function parseCidr(text: string): Ipv4Cidr | undefined {
  const match = CIDR_PATTERN.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const network = address - (address % blockSize(prefix));
  return network === address ? { network, prefix } : undefined;
}

/** True when `text` is a well-formed address/prefix whose host bits are set (a common typo). */
export function hasHostBits(text: string): boolean {
  const match = CIDR_PATTERN.exec(text);
  if (!match) return false;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return false;
  return parseCidr(text) === undefined;
}

export function formatCidr(cidr: Ipv4Cidr): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(cidr.network / 2 ** shift) % 256);
  return `${octets.join('.')}/${cidr.prefix}`;
}

export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  const aEnd = a.network + blockSize(a.prefix);
  const bEnd = b.network + blockSize(b.prefix);
  return a.network < bEnd && b.network < aEnd;
}

/** Like Terraform's cidrsubnet(): the `index`-th subnet with `newBits` more prefix bits. */
export function subnet(parent: Ipv4Cidr, newBits: number, index: number): Ipv4Cidr {
  const prefix = parent.prefix + newBits;
  if (prefix > 32 || index < 0 || index >= 2 ** newBits) {
    throw new RangeError(`subnet ${index} of /${prefix} does not fit in ${formatCidr(parent)}`);
  }
  return { network: parent.network + index * blockSize(prefix), prefix };
}

function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

/** Ranges that never appear as a source address on the public internet (RFC 1918, 6598, loopback, link-local). */
const NON_PUBLIC = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16'];

/** The private or reserved range `block` lies in, or undefined when it is public address space. */
export function nonPublicRangeOf(block: Ipv4Cidr): string | undefined {
  return NON_PUBLIC.find((range) => {
    const outer = parseCidr(range) as Ipv4Cidr;
    return outer.prefix <= block.prefix && cidrsOverlap(outer, block);
  });
}

/** The `kubernetes` Service's ClusterIP, the first address of the service range, as a /32. */
export function firstServiceAddress(serviceCidr: string): string {
  const block = parseCidr(serviceCidr);
  if (!block) throw new RangeError(`${serviceCidr} is not a CIDR`);
  return formatCidr({ network: block.network + 1, prefix: 32 });
}
