/**
 * Kubernetes minor versions AKS supports (community support, not LTS) in late 2026, newest last. From the AKS
 * release calendar in MicrosoftDocs/azure-aks-docs `articles/aks/supported-kubernetes-versions.md`: 1.35 GA
 * Mar 2026 (end of life Mar 2027), 1.36 GA Jun 2026, 1.37 GA Oct 2026; 1.34 reaches end of life in Nov 2026.
 * Drop a row when its end of life passes.
 */
export const AKS_KUBERNETES_VERSIONS = ['1.35', '1.36', '1.37'] as const;
