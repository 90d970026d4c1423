package org.unitrace.line.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Pulling and replugging a TCP device server under a reconnecting channel. */
class ReconnectingChannelIT {

  private static final Duration WAIT = Duration.ofSeconds(5);

  private static String readLine(Socket s) throws Exception {
    InputStream in = s.getInputStream();
    StringBuilder b = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IllegalStateException("closed after '" + b + "'");
      }
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  private static void send(Socket s, String frame) throws Exception {
    s.getOutputStream().write((frame + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    s.getOutputStream().flush();
  }

  @Test
  void aLostConnectionFailsTheCallInFlightAndTheNextCallReopensIt() throws Exception {
    try (ServerSocket server = new ServerSocket(0)) {
      server.setSoTimeout((int) WAIT.toMillis());
      ReconnectingChannel channel =
          ReconnectingChannel.of(ChannelSettings.parse("tcp://127.0.0.1:" + server.getLocalPort()));
      channel.open();
      try (Socket first = server.accept()) {
        channel.write("PING");
        assertThat(readLine(first)).isEqualTo("PING");
        send(first, "PONG");
        assertThat(channel.read(WAIT)).contains("PONG");
      }
      assertThatThrownBy(() -> channel.read(WAIT)).isInstanceOf(ChannelLostException.class);
      assertThat(channel.isOpen()).isFalse();

      channel.write("PING 2");
      try (Socket second = server.accept()) {
        assertThat(readLine(second)).isEqualTo("PING 2");
        send(second, "PONG 2");
        assertThat(channel.read(WAIT)).contains("PONG 2");
      }
      assertThat(channel.reconnects()).isEqualTo(1);
      channel.close();
    }
  }

  @Test
  void whileTheDeviceStaysAwayCallsFailNamingTheEndpointAndAReadWaitsForTheNextAttempt()
      throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    ReconnectingChannel channel =
        new ReconnectingChannel(
            ChannelSettings.parse("tcp://127.0.0.1:" + port),
            new Backoff(Duration.ofMillis(300), Duration.ofSeconds(1)));
    assertThatThrownBy(channel::open)
        .isInstanceOf(DeviceException.class)
        .hasMessageContaining("127.0.0.1:" + port);
    assertThatThrownBy(() -> channel.write("PING"))
        .isInstanceOf(ChannelLostException.class)
        .hasMessageContaining("next attempt in");

    try (ServerSocket server = new ServerSocket()) {
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress("127.0.0.1", port));
      server.setSoTimeout((int) WAIT.toMillis());
      assertThat(channel.read(Duration.ofSeconds(2))).isEmpty();
      assertThat(channel.isOpen()).isTrue();
      server.accept().close();
    }
    assertThat(channel.reconnects()).isZero();
    channel.close();
  }
}
