package org.unitrace.line.mqtt;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A Paho v5 callback for a plain client that only takes messages (a test's or a benchmark's
 * subscriber): everything but {@link #messageArrived} does nothing, so a lambda is one.
 */
@FunctionalInterface
public interface ArrivalCallback extends MqttCallback {

  @Override
  void messageArrived(String topic, MqttMessage message) throws Exception;

  @Override
  default void disconnected(MqttDisconnectResponse response) {}

  @Override
  default void mqttErrorOccurred(MqttException exception) {}

  @Override
  default void deliveryComplete(IMqttToken token) {}

  @Override
  default void connectComplete(boolean reconnect, String serverUri) {}

  @Override
  default void authPacketArrived(int reasonCode, MqttProperties properties) {}
}
