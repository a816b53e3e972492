import assert from 'node:assert/strict';
import type { Metrics } from '../../src/observability/metrics.ts';

/**
 * The value of one series of a metric (for a histogram, name its `_count` or `_sum`); 0 when the series
 * was never touched, so a test can assert a counter did not move.
 */
export async function metricValue(metrics: Metrics, name: string, labels: Record<string, string>): Promise<number> {
  const base = name.replace(/_(count|sum)$/, '');
  const metric = metrics.registry.getSingleMetric(base) ?? metrics.registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  const { values } = (await metric.get()) as { values: Array<{ value: number; labels: object; metricName?: string }> };
  const found = values.find(
    (value) =>
      (value.metricName ?? base) === name &&
      Object.entries(labels).every(
        ([key, expected]) => String((value.labels as Record<string, unknown>)[key]) === expected,
      ),
  );
  return found?.value ?? 0;
}

/** One series as /metrics shows it to a scraper (`name` or `name{label="value",…}` exactly as printed); 0 when absent. */
export async function scrapedValue(baseUrl: string, series: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

/** Polls /metrics until `series` shows `expected` (a gauge settling after sockets close), then asserts it. */
export async function waitForScrapedValue(
  baseUrl: string,
  series: string,
  expected: number,
  timeoutMs = 2000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await scrapedValue(baseUrl, series)) !== expected && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(await scrapedValue(baseUrl, series), expected, series);
}
