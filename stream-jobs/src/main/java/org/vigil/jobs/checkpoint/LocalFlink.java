package org.vigil.jobs.checkpoint;

import java.net.URI;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;

/**
 * The settings every in-process Flink MiniCluster of Vigil shares (the local job, tests): bound to loopback only,
 * heap state, file-system checkpoints every {@code interval} in {@code checkpointDir}, retained when the job is
 * cancelled so that a later start can restore them, and no Kryo fallback for types Flink cannot analyse.
 */
public final class LocalFlink {

  private LocalFlink() {}

  public static Configuration configuration(URI checkpointDir, Duration interval) {
    Configuration conf = loopback();
    conf.setString("state.backend.type", "hashmap");
    conf.setString("execution.checkpointing.storage", "filesystem");
    conf.setString("execution.checkpointing.dir", checkpointDir.toString());
    conf.setString("execution.checkpointing.interval", interval.toMillis() + " ms");
    conf.setString("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
    return conf;
  }

  /**
   * A MiniCluster bound to loopback on free ports, its REST API read-only and without wildcard CORS, without the
   * Kryo fallback: the base of every local run (also the rule backtest, which needs no checkpoints).
   */
  public static Configuration loopback() {
    Configuration conf = new Configuration();
    conf.setString("jobmanager.bind-host", "127.0.0.1");
    conf.setString("taskmanager.bind-host", "127.0.0.1");
    conf.setString("taskmanager.host", "127.0.0.1");
    conf.setString("rest.bind-address", "127.0.0.1");
    conf.setString("rest.address", "127.0.0.1");
    conf.setString("rest.port", "0");
    // The REST API of a local run is for looking only: no job submission or cancellation through it, and no
    // wildcard CORS, so a page in the browser of someone on this machine cannot drive or read it.
    conf.setString("web.submit.enable", "false");
    conf.setString("web.cancel.enable", "false");
    conf.setString("web.rescale.enable", "false");
    conf.setString("web.access-control-allow-origin", "http://127.0.0.1");
    conf.setString("pipeline.generic-types", "false");
    return conf;
  }
}
