package org.vigil.core.topics;

/**
 * The MQTT topic layout of Vigil, in one place. Devices publish on {@code vigil/{site}/{kind}/{sensorId}/data} and
 * cameras on {@code vigil/{site}/camera/{cameraId}/frame}; the job answers on {@code vigil/{site}/alerts/{level}},
 * {@code vigil/{site}/risk}, {@code vigil/{site}/acks} and {@code vigil/{site}/camera/{cameraId}/detections}, and
 * rejects to {@code vigil/deadletter}; public warnings are retained on {@code vigil/warnings/{incident}} and their
 * loudspeaker coverage on {@code vigil/broadcast/{incident}}. Rulesets, silences and acknowledgements arrive on the configuration and
 * control topics, each sender under its own MQTT identity.
 */
public final class Topics {

  /** First level of every topic. */
  public static final String ROOT = "vigil";
  /** Every reading. */
  public static final String READINGS_FILTER = "vigil/+/+/+/data";
  /** Every camera frame. */
  public static final String FRAMES_FILTER = "vigil/+/camera/+/frame";
  /** Every detection summary of a frame. */
  public static final String DETECTIONS_FILTER = "vigil/+/camera/+/detections";
  /** Every alert transition, one level below each site's alerts. */
  public static final String ALERTS_FILTER = "vigil/+/alerts/+";
  /** Every site's risk. */
  public static final String RISK_FILTER = "vigil/+/risk";
  /** Every site's answers to acknowledgements. */
  public static final String ACKS_FILTER = "vigil/+/acks";
  /** Rejected input with its reason. */
  public static final String DEAD_LETTERS = "vigil/deadletter";
  /** Default base of the retained rulesets: {@code <base>/<identity>}, decisions on {@code <base>/status}. */
  public static final String RULES = "vigil/config/rules";
  /** Default base of the retained registry versions: {@code <base>/<identity>}, decisions on {@code <base>/status}. */
  public static final String REGISTRY = "vigil/config/registry";
  /** Every region's roll-up of its sites' risk. */
  public static final String REGION_RISK_FILTER = "vigil/region/+/risk";
  /** Base of the retained silences: {@code <base>/<identity>/<id>}. */
  public static final String SILENCES = "vigil/config/silences";
  /** Public warnings (CAP 1.2), retained per incident: {@code vigil/warnings/<incident>}. */
  public static final String WARNINGS_FILTER = "vigil/warnings/+";
  /** Default base of operators' acknowledgements: {@code <base>/<identity>}. */
  public static final String ACK = "vigil/control/ack";
  /** Base of warnings issued or lifted by hand (JSON requests): {@code <base>/<identity>}. */
  public static final String WARNING_REQUESTS = "vigil/control/warning";
  /** Every incident's broadcast coverage (retained): {@code vigil/broadcast/<incident>}. */
  public static final String BROADCAST_FILTER = "vigil/broadcast/+";
  /** Base of command-mode switches by authorised users (JSON requests): {@code <base>/<identity>}. */
  public static final String MODE_REQUESTS = "vigil/control/mode";
  /** Every region's command mode in force (retained): {@code vigil/mode/<region>}. */
  public static final String MODES_FILTER = "vigil/mode/+";

  private Topics() {}

  /** A sensor's readings. */
  public static String reading(String site, String kind, String sensorId) {
    return ROOT + "/" + site + "/" + kind + "/" + sensorId + "/data";
  }

  /** Every reading of one site. */
  public static String readingsOfSite(String site) {
    return ROOT + "/" + site + "/+/+/data";
  }

  /** A reading's topic from its subject ({@code site/kind/sensorId}). */
  public static String readingOfSubject(String subject) {
    return ROOT + "/" + subject + "/data";
  }

  /** A camera's frames. */
  public static String frame(String site, String cameraId) {
    return ROOT + "/" + site + "/camera/" + cameraId + "/frame";
  }

  /** A camera's detection summaries. */
  public static String detections(String site, String cameraId) {
    return ROOT + "/" + site + "/camera/" + cameraId + "/detections";
  }

  /** A site's alert transitions of one level ({@code blue} ... {@code red}, {@code none} for a resolve). */
  public static String alerts(String site, String level) {
    return ROOT + "/" + site + "/alerts/" + level;
  }

  /** A site's risk. */
  public static String risk(String site) {
    return ROOT + "/" + site + "/risk";
  }

  /** A region's roll-up of its sites' risk (retained). */
  public static String regionRisk(String regionId) {
    return ROOT + "/region/" + regionId + "/risk";
  }

  /** A site's answers to acknowledgements. */
  public static String acks(String site) {
    return ROOT + "/" + site + "/acks";
  }

  /** An incident's public warning (its latest CAP message, retained). */
  public static String warning(String incident) {
    return ROOT + "/warnings/" + incident;
  }

  /** An incident's loudspeaker broadcast coverage (retained). */
  public static String broadcast(String incident) {
    return ROOT + "/broadcast/" + incident;
  }

  /** A region's command mode in force (retained, published by the job). */
  public static String mode(String regionId) {
    return ROOT + "/mode/" + regionId;
  }

  /** The decisions topic of a rules base ({@code <base>/status}). */
  public static String status(String rulesBase) {
    return rulesBase + "/status";
  }

  /** Everything below a base ({@code <base>/#}). */
  public static String below(String base) {
    return base + "/#";
  }
}
