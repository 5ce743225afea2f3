/**
 * Hetzner Cloud server types Hetzner retired, each with its successor: CX Gen2 (cx22..cx52) and CPX Gen1
 * (cpx11..cpx51) stopped being orderable on 2025-12-31 (Hetzner changelog 2025-10-16) and the API no longer
 * creates them, CX Gen1 before that. Read by the settings schema and by a policy rule on every server.
 */
export const RETIRED_SERVER_TYPES: Readonly<Record<string, string>> = {
  cx11: 'cx23',
  cx21: 'cx23',
  cx31: 'cx33',
  cx41: 'cx43',
  cx51: 'cx53',
  cx22: 'cx23',
  cx32: 'cx33',
  cx42: 'cx43',
  cx52: 'cx53',
  cpx11: 'cpx12',
  cpx21: 'cpx22',
  cpx31: 'cpx32',
  cpx41: 'cpx42',
  cpx51: 'cpx52',
};

/** The one line a retired type is refused with, or undefined when the type is sold. */
export function retiredServerType(type: string): string | undefined {
  const successor = RETIRED_SERVER_TYPES[type.toLowerCase()];
  return successor
    ? `was retired by Hetzner (not orderable since 2025-12-31); use its successor "${successor}"`
    : undefined;
}
