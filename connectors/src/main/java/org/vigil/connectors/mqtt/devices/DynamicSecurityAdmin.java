package org.vigil.connectors.mqtt.devices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.vigil.connectors.mqtt.security.MqttClientSecurity;
import org.vigil.connectors.mqtt.MqttClientFactory;
import org.vigil.core.topics.Topics;

/**
 * Creates, lists and revokes device identities on Mosquitto's dynamic-security plugin, by publishing its JSON
 * commands on {@code $CONTROL/dynamic-security/v1} as the admin identity and reading the broker's answers.
 *
 * <p>This replaces {@code mosquitto_ctrl}, which would put the new password on its command line. Each device gets
 * its own client and its own role, whose single right is publishing on its data topic: a sensor on
 * {@code vigil/{site}/{kind}/{id}/data}, a gateway on {@code vigil/{site}/+/+/data}. Deleting the client (revoke)
 * makes the broker disconnect it at once and refuse it afterwards; other clients are not touched.
 */
public final class DynamicSecurityAdmin implements AutoCloseable {

  /** The topic the plugin reads commands from. */
  public static final String COMMAND_TOPIC = "$CONTROL/dynamic-security/v1";
  /** The topic the plugin answers on. */
  public static final String RESPONSE_TOPIC = COMMAND_TOPIC + "/response";
  /** Role names of devices start with this, so that listing devices skips Vigil's own identities. */
  public static final String DEVICE_ROLE_PREFIX = "vigil-device-";

  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final MqttClient client;
  private final BlockingQueue<JsonNode> responses = new ArrayBlockingQueue<>(16);
  private final long timeoutMillis;

  /** A device identity: its username, what it may publish on, and (only right after {@link #addDevice}) its password. */
  public record Device(String username, List<String> topics, String password) {
    @Override
    public String toString() {
      return "Device{username=" + username + ", topics=" + topics + "}";
    }
  }

  /**
   * Connects as the admin identity.
   *
   * @param serverUri the broker, e.g. ssl://127.0.0.1:18830
   * @param admin the admin identity (username vigil-admin and its password file) and the CA
   */
  public DynamicSecurityAdmin(String serverUri, MqttClientSecurity admin, long timeoutMillis) throws MqttException {
    this.timeoutMillis = timeoutMillis;
    MqttClientFactory clients = MqttClientFactory.to(serverUri, admin)
        .cleanSession()
        .noAutomaticReconnect()
        .connectionTimeout(Duration.ofSeconds(Math.max(1, timeoutMillis / 1000)));
    this.client = clients.newClient(MqttClientFactory.randomClientId("vigil-admin"));
    client.setCallback(new MqttCallback() {
      @Override public void disconnected(MqttDisconnectResponse r) { }
      @Override public void mqttErrorOccurred(MqttException e) { }
      @Override public void deliveryComplete(IMqttToken t) { }
      @Override public void connectComplete(boolean reconnect, String uri) { }
      @Override public void authPacketArrived(int reasonCode, MqttProperties p) { }
      @Override public void messageArrived(String topic, MqttMessage m) {
        try {
          responses.offer(JSON.readTree(m.getPayload()));
        } catch (java.io.IOException e) {
          // Not a plugin answer; the waiting command times out with a clear message.
        }
      }
    });
    client.connect(clients.options());
    IMqttToken sub = client.subscribe(RESPONSE_TOPIC, 1);
    int[] codes = sub.getReasonCodes();
    if (codes == null || codes.length == 0 || codes[0] >= 0x80) {
      client.disconnect();
      throw new IllegalStateException("the broker refused the admin identity '" + admin.username()
          + "' the answers of dynamic security: is the plugin loaded (VIGIL_MQTT_SECURITY=on) and is that the admin?");
    }
  }

  /** The topic a device may publish on: a sensor's own data topic, or (kind and id null) a gateway's site. */
  public static String dataTopic(String site, String kind, String id) {
    checkSegment("site", site);
    if (kind == null && id == null) {
      return Topics.readingsOfSite(site);
    }
    checkSegment("kind", kind);
    checkSegment("id", id);
    return Topics.reading(site, kind, id);
  }

  /**
   * Creates a device that may publish only on {@code topic}, with a new random password (returned once, never
   * stored in clear by the broker).
   */
  public Device addDevice(String username, String topic) throws MqttException {
    return addDevices(java.util.Map.of(username, topic)).get(0);
  }

  /**
   * Creates many devices (username to topic, as {@link #addDevice}) with one command message to the plugin, so that a
   * fleet is made in a few round trips. Throws with the plugin's error if one of them could not be made; the ones
   * before it in the message are made.
   */
  public List<Device> addDevices(java.util.Map<String, String> topicsByUsername) throws MqttException {
    List<ObjectNode> commands = new ArrayList<>();
    List<Device> made = new ArrayList<>();
    for (java.util.Map.Entry<String, String> e : topicsByUsername.entrySet()) {
      String username = e.getKey();
      String topic = e.getValue();
      checkSegment("device name", username);
      if (username.startsWith("vigil-")) {
        throw new IllegalArgumentException("device names may not start with 'vigil-' (kept for Vigil's own identities)");
      }
      byte[] raw = new byte[24];
      RANDOM.nextBytes(raw);
      String password = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
      String role = DEVICE_ROLE_PREFIX + username;
      commands.add(command("createRole").put("rolename", role));
      commands.add(command("addRoleACL").put("rolename", role).put("acltype", "publishClientSend")
          .put("topic", topic).put("priority", 0).put("allow", true));
      ObjectNode createClient = command("createClient").put("username", username).put("password", password);
      createClient.putArray("roles").addObject().put("rolename", role);
      commands.add(createClient);
      made.add(new Device(username, List.of(topic), password));
    }
    if (!commands.isEmpty()) {
      run(commands.toArray(new ObjectNode[0]));
    }
    return made;
  }

  /** Deletes the device's client (the broker disconnects it now) and its role. */
  public void revokeDevice(String username) throws MqttException {
    checkSegment("device name", username);
    if (username.startsWith("vigil-")) {
      throw new IllegalArgumentException("'" + username + "' is one of Vigil's own identities, not a device");
    }
    run(command("deleteClient").put("username", username));
    try {
      run(command("deleteRole").put("rolename", DEVICE_ROLE_PREFIX + username));
    } catch (IllegalStateException e) {
      // The client is gone, which is what revoking promises; a missing role is only left-over bookkeeping.
    }
  }

  /** The devices (clients with a device role), with their topics. */
  public List<Device> listDevices() throws MqttException {
    JsonNode clients = run(command("listClients").put("verbose", true)).get(0).path("data").path("clients");
    JsonNode roles = run(command("listRoles").put("verbose", true)).get(0).path("data").path("roles");
    List<Device> out = new ArrayList<>();
    for (JsonNode c : clients) {
      for (JsonNode r : c.path("roles")) {
        String name = r.path("rolename").asText();
        if (name.startsWith(DEVICE_ROLE_PREFIX)) {
          List<String> topics = new ArrayList<>();
          for (JsonNode role : roles) {
            if (name.equals(role.path("rolename").asText())) {
              for (JsonNode a : role.path("acls")) {
                topics.add(a.path("topic").asText());
              }
            }
          }
          out.add(new Device(c.path("username").asText(), topics, null));
        }
      }
    }
    return out;
  }

  private static ObjectNode command(String name) {
    return JSON.createObjectNode().put("command", name);
  }

  /** Sends the commands in one message and waits for the answer; throws with the plugin's error if any failed. */
  private List<JsonNode> run(ObjectNode... commands) throws MqttException {
    ObjectNode msg = JSON.createObjectNode();
    ArrayNode arr = msg.putArray("commands");
    for (ObjectNode c : commands) {
      arr.add(c);
    }
    responses.clear();
    MqttMessage m = new MqttMessage(msg.toString().getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    client.publish(COMMAND_TOPIC, m);
    JsonNode answer;
    try {
      answer = responses.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for dynamic security", e);
    }
    if (answer == null) {
      throw new IllegalStateException("no answer from dynamic security within " + timeoutMillis + " ms: is the plugin"
          + " loaded (VIGIL_MQTT_SECURITY=on) and may this identity publish on " + COMMAND_TOPIC + "?");
    }
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode r : answer.path("responses")) {
      if (r.hasNonNull("error")) {
        throw new IllegalStateException(r.path("command").asText() + " failed: " + r.path("error").asText());
      }
      out.add(r);
    }
    return out;
  }

  private static void checkSegment(String what, String value) {
    if (value == null || !SEGMENT.matcher(value).matches()) {
      throw new IllegalArgumentException(what + " '" + value + "' must be 1-64 letters, digits, '.', '_' or '-'"
          + " (no '/', '+' or '#')");
    }
  }

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.disconnect();
    }
    client.close();
  }
}
