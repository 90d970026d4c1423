package org.unitrace.core.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The WinSW service definition of the edge agent in {@code deploy/windows}: what can be checked
 * without Windows. It is well-formed XML in WinSW's elements, starts the agent the way the systemd
 * unit does (its own line's YAML through {@code --unitrace.edge.config}, the outbox's folder as the
 * working directory, exit on OutOfMemoryError), restarts it after every failure, waits for the time
 * service, and holds no secret.
 */
class WindowsServiceConfigTest {

  private static final Path FILE = Path.of("..", "deploy", "windows", "unitrace-edge-agent-L1.xml");
  private static final List<String> WINSW_ELEMENTS =
      List.of(
          "service",
          "id",
          "name",
          "description",
          "executable",
          "arguments",
          "workingdirectory",
          "env",
          "depend",
          "startmode",
          "delayedAutoStart",
          "onfailure",
          "resetfailure",
          "stoptimeout",
          "logpath",
          "log",
          "sizeThreshold",
          "keepFiles",
          "serviceaccount",
          "username");

  private final Element service = parse();

  @Test
  void usesOnlyWinSwElements() {
    assertThat(service.getTagName()).isEqualTo("service");
    NodeList all = service.getElementsByTagName("*");
    for (int i = 0; i < all.getLength(); i++) {
      assertThat(WINSW_ELEMENTS).contains(((Element) all.item(i)).getTagName());
    }
  }

  @Test
  void startsTheAgentJarWithItsLinesConfigurationLikeTheSystemdUnit() {
    assertThat(text("id")).isEqualTo("unitrace-edge-agent-L1");
    assertThat(text("executable")).endsWith("\\bin\\java.exe");
    String args = text("arguments");
    assertThat(args)
        .contains("-XX:+ExitOnOutOfMemoryError")
        .contains("-jar \"%ProgramFiles%\\Unitrace\\edge-agent.jar\"")
        .contains("--unitrace.edge.config=\"%ProgramData%\\Unitrace\\edge\\L1.yml\"");
    assertThat(text("workingdirectory")).isEqualTo("%ProgramData%\\Unitrace\\edge\\state");
    assertThat(args).contains("-Djava.io.tmpdir=\"" + text("workingdirectory") + "\\tmp\"");
  }

  @Test
  void restartsAfterEveryFailureAndWaitsForTheTimeService() {
    List<String> actions = new ArrayList<>();
    NodeList failures = service.getElementsByTagName("onfailure");
    for (int i = 0; i < failures.getLength(); i++) {
      actions.add(((Element) failures.item(i)).getAttribute("action"));
    }
    assertThat(actions).isNotEmpty().containsOnly("restart");
    assertThat(text("depend")).isEqualTo("W32Time");
    assertThat(text("startmode")).isEqualTo("Automatic");
  }

  @Test
  void holdsNoSecret() {
    NodeList env = service.getElementsByTagName("env");
    for (int i = 0; i < env.getLength(); i++) {
      String name = ((Element) env.item(i)).getAttribute("name");
      assertThat(name).doesNotContainIgnoringCase("password").doesNotContainIgnoringCase("token");
    }
    assertThat(service.getElementsByTagName("password").getLength()).isZero();
  }

  private String text(String tag) {
    return service.getElementsByTagName(tag).item(0).getTextContent().trim();
  }

  private static Element parse() {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document doc = factory.newDocumentBuilder().parse(FILE.toFile());
      return doc.getDocumentElement();
    } catch (Exception e) {
      throw new IllegalStateException("cannot read " + FILE.toAbsolutePath(), e);
    }
  }
}
