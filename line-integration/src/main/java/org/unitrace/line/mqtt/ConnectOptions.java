package org.unitrace.line.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

/** Paho's connect options for an endpoint: the same for every Unitrace client. */
final class ConnectOptions {

  private ConnectOptions() {}

  static MqttConnectionOptions of(MqttEndpoint endpoint) {
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(false);
    options.setSessionExpiryInterval(endpoint.sessionExpiry().toSeconds());
    options.setReceiveMaximum(endpoint.receiveMaximum());
    options.setAutomaticReconnect(false); // the session reconnects with a fresh client
    options.setKeepAliveInterval((int) endpoint.keepAlive().toSeconds());
    options.setConnectionTimeout(10);
    if (endpoint.username() != null) {
      options.setUserName(endpoint.username());
    }
    if (endpoint.password() != null) {
      options.setPassword(new String(endpoint.password()).getBytes(StandardCharsets.UTF_8));
    }
    if (endpoint.trustStore() != null) {
      options.setSocketFactory(trusting(endpoint));
    }
    return options;
  }

  private static SSLSocketFactory trusting(MqttEndpoint endpoint) {
    try (InputStream in = Files.newInputStream(endpoint.trustStore())) {
      KeyStore store =
          KeyStore.getInstance(
              endpoint.trustStore().toString().endsWith(".jks") ? "JKS" : "PKCS12");
      store.load(in, endpoint.trustStorePassword());
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, trust.getTrustManagers(), null);
      return tls.getSocketFactory();
    } catch (IOException | GeneralSecurityException e) {
      throw new MqttSessionException(
          "trust store " + endpoint.trustStore() + " cannot be used: " + e.getMessage(), -1, e);
    }
  }
}
