/**
 * The Pod Security Standards (kubernetes.io/docs/concepts/security/pod-security-standards, version "latest"
 * as of Kubernetes 1.35), checked the way the admission plugin checks a pod: baseline first, then the
 * restricted additions. Returns one line per violation, empty when the pod is admitted.
 */

export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

export interface ContainerLike {
  readonly name?: string;
  readonly securityContext?: SecurityContextLike;
  readonly ports?: readonly { readonly hostPort?: number }[];
}

export interface SecurityContextLike {
  readonly privileged?: boolean;
  readonly allowPrivilegeEscalation?: boolean;
  readonly runAsNonRoot?: boolean;
  readonly runAsUser?: number;
  readonly readOnlyRootFilesystem?: boolean;
  readonly capabilities?: { readonly add?: readonly string[]; readonly drop?: readonly string[] };
  readonly seccompProfile?: { readonly type?: string };
  readonly appArmorProfile?: { readonly type?: string };
  readonly seLinuxOptions?: { readonly type?: string; readonly user?: string; readonly role?: string };
  readonly procMount?: string;
  readonly windowsOptions?: { readonly hostProcess?: boolean };
  readonly sysctls?: readonly { readonly name: string }[];
}

export interface PodSpecLike {
  readonly hostNetwork?: boolean;
  readonly hostPID?: boolean;
  readonly hostIPC?: boolean;
  readonly securityContext?: SecurityContextLike;
  readonly containers?: readonly ContainerLike[];
  readonly initContainers?: readonly ContainerLike[];
  readonly ephemeralContainers?: readonly ContainerLike[];
  readonly volumes?: readonly Readonly<Record<string, unknown>>[];
}

const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);
const RESTRICTED_VOLUMES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
  'image',
]);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);

function allContainers(pod: PodSpecLike): ContainerLike[] {
  return [...(pod.initContainers ?? []), ...(pod.containers ?? []), ...(pod.ephemeralContainers ?? [])];
}

function volumeType(volume: Readonly<Record<string, unknown>>): string | undefined {
  return Object.keys(volume).find((key) => key !== 'name');
}

function baselineViolations(pod: PodSpecLike): string[] {
  const problems: string[] = [];
  const containers = allContainers(pod);
  const each = (check: (c: ContainerLike, sc: SecurityContextLike) => string | undefined) => {
    for (const container of containers) {
      const problem = check(container, container.securityContext ?? {});
      if (problem) problems.push(`container ${container.name ?? '?'}: ${problem}`);
    }
  };
  if (pod.hostNetwork) problems.push('hostNetwork is true');
  if (pod.hostPID) problems.push('hostPID is true');
  if (pod.hostIPC) problems.push('hostIPC is true');
  if (pod.securityContext?.windowsOptions?.hostProcess) problems.push('hostProcess is true');
  for (const volume of pod.volumes ?? []) {
    if ('hostPath' in volume) problems.push(`volume ${String(volume.name)} is a hostPath`);
  }
  const podSeccomp = pod.securityContext?.seccompProfile?.type;
  if (podSeccomp === 'Unconfined') problems.push('pod seccompProfile is Unconfined');
  const podAppArmor = pod.securityContext?.appArmorProfile?.type;
  if (podAppArmor === 'Unconfined') problems.push('pod appArmorProfile is Unconfined');
  if (!SELINUX_TYPES.has(pod.securityContext?.seLinuxOptions?.type ?? '')) problems.push('pod seLinuxOptions.type');
  for (const sysctl of pod.securityContext?.sysctls ?? []) {
    if (!SAFE_SYSCTLS.has(sysctl.name)) problems.push(`sysctl ${sysctl.name} is not safe`);
  }
  each((_, sc) => (sc.privileged ? 'privileged' : undefined));
  each((_, sc) => (sc.windowsOptions?.hostProcess ? 'hostProcess' : undefined));
  each((_, sc) => {
    const added = (sc.capabilities?.add ?? []).filter((cap) => !BASELINE_CAPABILITIES.has(cap));
    return added.length > 0 ? `adds capabilities ${added.join(', ')}` : undefined;
  });
  each((c) => {
    const ports = (c.ports ?? []).filter((p) => p.hostPort !== undefined && p.hostPort !== 0);
    return ports.length > 0 ? `uses hostPort ${ports.map((p) => p.hostPort).join(', ')}` : undefined;
  });
  each((_, sc) => (sc.seccompProfile?.type === 'Unconfined' ? 'seccompProfile is Unconfined' : undefined));
  each((_, sc) => (sc.appArmorProfile?.type === 'Unconfined' ? 'appArmorProfile is Unconfined' : undefined));
  each((_, sc) => (sc.procMount !== undefined && sc.procMount !== 'Default' ? `procMount ${sc.procMount}` : undefined));
  each((_, sc) => (SELINUX_TYPES.has(sc.seLinuxOptions?.type ?? '') ? undefined : 'seLinuxOptions.type'));
  return problems;
}

function restrictedAdditions(pod: PodSpecLike): string[] {
  const problems: string[] = [];
  const podContext = pod.securityContext ?? {};
  for (const volume of pod.volumes ?? []) {
    const type = volumeType(volume);
    if (type && !RESTRICTED_VOLUMES.has(type) && type !== 'hostPath') {
      problems.push(`volume ${String(volume.name)} has type ${type}`);
    }
  }
  if (podContext.runAsUser === 0) problems.push('pod runAsUser is 0');
  for (const container of allContainers(pod)) {
    const sc = container.securityContext ?? {};
    const name = `container ${container.name ?? '?'}`;
    if (sc.allowPrivilegeEscalation !== false) problems.push(`${name}: allowPrivilegeEscalation is not false`);
    if ((sc.runAsNonRoot ?? podContext.runAsNonRoot) !== true) problems.push(`${name}: runAsNonRoot is not true`);
    if (sc.runAsUser === 0) problems.push(`${name}: runAsUser is 0`);
    const seccomp = sc.seccompProfile?.type ?? podContext.seccompProfile?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') {
      problems.push(`${name}: seccompProfile is ${seccomp ?? 'unset'} (RuntimeDefault or Localhost)`);
    }
    if (!(sc.capabilities?.drop ?? []).includes('ALL')) problems.push(`${name}: capabilities.drop lacks ALL`);
    const added = (sc.capabilities?.add ?? []).filter((cap) => cap !== 'NET_BIND_SERVICE');
    if (added.length > 0) problems.push(`${name}: adds capabilities ${added.join(', ')}`);
  }
  return problems;
}

/** What keeps `pod` out of a namespace that enforces `level`; empty when it is admitted. */
export function podSecurityViolations(pod: PodSpecLike, level: PodSecurityLevel): string[] {
  if (level === 'privileged') return [];
  const baseline = baselineViolations(pod);
  return level === 'baseline' ? baseline : [...baseline, ...restrictedAdditions(pod)];
}
