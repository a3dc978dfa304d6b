package org.vigil.simulator;

import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.vigil.simulator.camera.CameraFeedOptions;
import org.vigil.simulator.camera.CameraSimulator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.vigil.core.settings.MqttSettings;

/**
 * {@code vigil simulate}: publishes every device of a registry (the demo county by default), or of a fleet of sites, to
 * an MQTT broker.
 */
@Command(
    name = "vigil simulate",
    mixinStandardHelpOptions = true,
    description = "Publishes readings of simulated rain gauges and slope sensors to MQTT (QoS 1).")
public final class SimulatorCli implements Callable<Integer> {

  @Option(names = "--mqtt-url", defaultValue = "${env:VIGIL_MQTT_URL:-" + MqttSettings.DEFAULT_URL + "}",
      description = "Broker URL (default: ${DEFAULT-VALUE}).")
  String mqttUrl;

  @Mixin SimulatorArgs args = new SimulatorArgs();

  @Override
  public Integer call() {
    DeviceSimulator sim = new DeviceSimulator(args.options(mqttUrl), System.out::println, Clock.systemUTC());
    CameraFeedOptions cameraOptions = args.cameraOptions(mqttUrl);
    CameraSimulator cameras =
        cameraOptions == null ? null : new CameraSimulator(cameraOptions, System.out::println, Clock.systemUTC());
    Thread cameraThread = null;
    if (cameras != null) {
      cameraThread = new Thread(cameras, "vigil-cameras");
      cameraThread.setDaemon(true);
      cameraThread.start();
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      sim.stop();
      if (cameras != null) {
        cameras.stop();
      }
      try {
        sim.awaitStopped(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    sim.run();
    if (cameraThread != null) {
      try {
        cameraThread.join(); // the cameras run for the same --duration, counted from their own start
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      System.out.println("simulator: cameras done, " + cameras.published() + " frames published, " + cameras.skipped()
          + " skipped, " + cameras.unrouted() + " without a subscriber");
    }
    System.out.println("simulator: done, " + sim.published() + " readings published");
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new SimulatorCli()).execute(args));
  }
}
