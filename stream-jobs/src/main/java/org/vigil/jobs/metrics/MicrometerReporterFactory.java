package org.vigil.jobs.metrics;

import java.util.Properties;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * Creates the {@link MicrometerReporter}; configured with {@code metrics.reporter.micrometer.factory.class:
 * org.vigil.jobs.metrics.MicrometerReporterFactory} (the local environment of the monitoring job sets it).
 */
public final class MicrometerReporterFactory implements MetricReporterFactory {

  @Override
  public MetricReporter createMetricReporter(Properties properties) {
    return new MicrometerReporter();
  }
}
