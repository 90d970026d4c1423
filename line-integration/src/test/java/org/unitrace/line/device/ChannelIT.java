package org.unitrace.line.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real I/O: a TCP device server on loopback, and a socat pseudo-terminal pair. */
class ChannelIT {

  @TempDir Path dir;

  @Test
  void aTcpChannelExchangesFramesAndSaysWhenTheServerGoesAway() throws Exception {
    try (ServerSocket server = new ServerSocket(0)) {
      DeviceChannel channel =
          ChannelSettings.parse("tcp://127.0.0.1:" + server.getLocalPort() + "?framing=crlf")
              .newChannel();
      channel.open();
      try (Socket device = server.accept()) {
        channel.write("STAT?");
        InputStream in = device.getInputStream();
        byte[] buf = new byte[7];
        assertThat(in.readNBytes(buf, 0, 7)).isEqualTo(7);
        assertThat(new String(buf, StandardCharsets.ISO_8859_1)).isEqualTo("STAT?\r\n");
        OutputStream out = device.getOutputStream();
        out.write("READY\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        assertThat(channel.read(Duration.ofSeconds(5))).contains("READY");
        assertThat(channel.read(Duration.ofMillis(200))).isEmpty();
      }
      assertThatThrownBy(() -> channel.read(Duration.ofSeconds(5)))
          .isInstanceOf(ChannelLostException.class);
      channel.close();
    }
  }

  @Test
  void aSerialChannelTalksOverASocatPtyAndAMissingPortIsNamed() throws Exception {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    Process socat =
        new ProcessBuilder("socat", "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b).start();
    try {
      for (int i = 0; i < 100 && !(Files.exists(a) && Files.exists(b)); i++) {
        Thread.sleep(50);
      }
      DeviceChannel agent = ChannelSettings.parse("serial:" + a + "?framing=cr").newChannel();
      DeviceChannel device = ChannelSettings.parse("serial:" + b + "?framing=cr").newChannel();
      agent.open();
      device.open();
      agent.write("JOB LABEL1");
      assertThat(device.read(Duration.ofSeconds(5))).contains("JOB LABEL1");
      device.write("ACK");
      assertThat(agent.read(Duration.ofSeconds(5))).contains("ACK");
      agent.close();
      device.close();
    } finally {
      socat.destroy();
      socat.waitFor(5, TimeUnit.SECONDS);
    }
    assertThatThrownBy(
            () ->
                ChannelSettings.parse("serial:" + dir.resolve("nothing") + "?framing=cr")
                    .newChannel()
                    .open())
        .isInstanceOf(DeviceException.class)
        .hasMessageContaining(dir.resolve("nothing").toString());
  }

  @Test
  @Timeout(30)
  void aSerialChannelWhosePtyWentAwaySaysSoOnReadAndWriteInsteadOfHanging() throws Exception {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    Process socat =
        new ProcessBuilder("socat", "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b).start();
    DeviceChannel agent;
    try {
      for (int i = 0; i < 100 && !(Files.exists(a) && Files.exists(b)); i++) {
        socat.waitFor(50, TimeUnit.MILLISECONDS);
      }
      agent = ChannelSettings.parse("serial:" + a + "?framing=crlf").newChannel();
      agent.open();
    } finally {
      socat.destroy();
      socat.waitFor(5, TimeUnit.SECONDS);
    }
    assertThatThrownBy(() -> agent.read(Duration.ofSeconds(10)))
        .isInstanceOf(ChannelLostException.class)
        .hasMessageContaining(a.toString());
    assertThatThrownBy(() -> agent.write("STATUS?"))
        .isInstanceOf(ChannelLostException.class)
        .hasMessageContaining(a.toString());
    agent.close();
  }
}
