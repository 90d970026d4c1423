package org.unitrace.core.integration.files;

import java.io.IOException;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A real SFTP server in the test JVM (Apache MINA SSHD), its users' home a folder under target/. It
 * can drop the connection in the middle of a download or of a rename, as a server going away
 * mid-transfer does.
 */
final class TestSftpServer implements AutoCloseable {

  static final String USER = "erp";
  static final String PASSWORD = "erp-secret";

  private final SshServer server;
  private final Path home;
  private final AtomicInteger dropsOnRead = new AtomicInteger();
  private final AtomicInteger dropsOnRename = new AtomicInteger();
  final AtomicInteger dropped = new AtomicInteger();

  TestSftpServer(Path home) throws IOException {
    this.home = Files.createDirectories(home);
    server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(0);
    SimpleGeneratorHostKeyProvider hostKey =
        new SimpleGeneratorHostKeyProvider(home.getParent().resolve(home.getFileName() + ".key"));
    hostKey.setAlgorithm("EC");
    hostKey.setKeySize(256);
    server.setKeyPairProvider(hostKey);
    server.setPasswordAuthenticator(
        (user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
    SftpSubsystemFactory sftp = new SftpSubsystemFactory();
    sftp.addSftpEventListener(
        new SftpEventListener() {
          @Override
          public void reading(
              ServerSession session,
              String remoteHandle,
              FileHandle localHandle,
              long offset,
              byte[] data,
              int dataOffset,
              int dataLen)
              throws IOException {
            drop(session, dropsOnRead);
          }

          @Override
          public void moving(
              ServerSession session, Path srcPath, Path dstPath, Collection<CopyOption> opts)
              throws IOException {
            drop(session, dropsOnRename);
          }
        });
    server.setSubsystemFactories(List.of(sftp));
    server.setFileSystemFactory(new VirtualFileSystemFactory(this.home));
    server.start();
  }

  private void drop(ServerSession session, AtomicInteger armed) throws IOException {
    if (armed.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      dropped.incrementAndGet();
      session.close(true);
      throw new IOException("test server: connection dropped");
    }
  }

  /** The next download is cut off: the connection drops as it starts reading. */
  void dropNextRead() {
    dropsOnRead.set(1);
  }

  /** The next rename is cut off: the connection drops as the client moves a file. */
  void dropNextRename() {
    dropsOnRename.set(1);
  }

  int port() {
    return server.getPort();
  }

  Path home() {
    return home;
  }

  @Override
  public void close() throws IOException {
    server.stop(true);
  }
}
