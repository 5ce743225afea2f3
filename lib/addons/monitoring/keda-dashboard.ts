/**
 * A small Grafana dashboard for KEDA, written for this project: scaler activity, the metric each scaler
 * reports and errors, per ScaledObject. KEDA's operator exposes these metrics since 2.14.
 */
export function kedaDashboard(): Record<string, unknown> {
  const panel = (id: number, title: string, expr: string, legend: string, y: number) => ({
    id,
    title,
    type: 'timeseries',
    datasource: { type: 'prometheus', uid: 'prometheus' },
    gridPos: { h: 8, w: 24, x: 0, y },
    targets: [{ expr, legendFormat: legend, refId: 'A' }],
  });
  return {
    title: 'KEDA',
    uid: 'hot-keda',
    schemaVersion: 39,
    tags: ['keda', 'hot'],
    time: { from: 'now-6h', to: 'now' },
    panels: [
      panel(
        1,
        'Active scalers',
        'sum by (namespace, scaledObject) (keda_scaler_active)',
        '{{namespace}}/{{scaledObject}}',
        0,
      ),
      panel(
        2,
        'Scaler metric values',
        'sum by (namespace, scaledObject, metric) (keda_scaler_metrics_value)',
        '{{namespace}}/{{scaledObject}} {{metric}}',
        8,
      ),
      panel(
        3,
        'Scaler errors per second',
        'sum by (namespace, scaledObject) (rate(keda_scaler_errors_total[5m]))',
        '{{namespace}}/{{scaledObject}}',
        16,
      ),
    ],
  };
}
