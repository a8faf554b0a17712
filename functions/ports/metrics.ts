/** The Prometheus / OpenMetrics exposition of this runtime's figures, rendered at scrape time. */
export interface MetricsSource {
  /** `openMetrics`: the client asked for OpenMetrics (Accept: application/openmetrics-text). */
  render(options: { readonly openMetrics: boolean }): Promise<{ readonly contentType: string; readonly body: string }>;
}
