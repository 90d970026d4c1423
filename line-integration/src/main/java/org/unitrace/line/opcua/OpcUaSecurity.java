package org.unitrace.line.opcua;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import lombok.RequiredArgsConstructor;

/**
 * How the agent secures one OPC UA connection, as a plant engineer configures it. Validated on
 * construction so that a wrong value fails at start with its key path ({@code
 * stations[MARK].opcua.securityPolicy}); {@code configKey} is that path's prefix.
 *
 * @param configKey where this block sits in the configuration, used in error messages; defaults to
 *     {@code opcua}
 * @param pkiDir the agent's PKI folder: {@code own/}, {@code trusted/certs/}, {@code rejected/}
 * @param applicationUri the agent's OPC UA application URI, also written into its certificate
 * @param applicationName a readable name shown in the PLC's session list; defaults to the URI
 * @param securityPolicy defaults to {@link Policy#BASIC256_SHA256}
 * @param messageSecurityMode defaults to {@link Mode#SIGN_AND_ENCRYPT}, or {@link Mode#NONE} with
 *     policy None
 * @param user username/password identity, or {@code null} for anonymous
 * @param keystore a provided keystore, or only a password for the generated one, or {@code null}
 */
public record OpcUaSecurity(
    String configKey,
    Path pkiDir,
    String applicationUri,
    String applicationName,
    Policy securityPolicy,
    Mode messageSecurityMode,
    User user,
    Keystore keystore) {

  /** The OPC UA security policies the agent speaks. */
  @RequiredArgsConstructor
  public enum Policy {
    NONE("None"),
    BASIC256_SHA256("Basic256Sha256");

    private final String uaName;

    /** The name OPC UA tools show (the last part of the policy URI). */
    public String uaName() {
      return uaName;
    }
  }

  /** OPC UA message security modes. */
  @RequiredArgsConstructor
  public enum Mode {
    NONE("None"),
    SIGN("Sign"),
    SIGN_AND_ENCRYPT("SignAndEncrypt");

    private final String uaName;

    /** The name OPC UA tools show. */
    public String uaName() {
      return uaName;
    }
  }

  /** A username/password identity; {@link #toString()} hides the password. */
  public record User(String username, String password) {
    @Override
    public String toString() {
      return "User[username=" + username + ", password=***]";
    }
  }

  /**
   * A PKCS#12 keystore. With a {@code path} it is a provided keystore used as is; without one,
   * {@code password} protects the generated {@code own/agent.pfx} instead of a generated password.
   * {@code alias} may be left out when the keystore holds a single key.
   */
  public record Keystore(Path path, String password, String alias) {
    @Override
    public String toString() {
      return "Keystore[path=" + path + ", password=***, alias=" + alias + "]";
    }
  }

  public OpcUaSecurity {
    configKey = configKey == null || configKey.isBlank() ? "opcua" : configKey;
    if (pkiDir == null) {
      throw invalid(configKey, "pkiDir", "is required (the agent's PKI folder)");
    }
    if (applicationUri == null || !isAbsoluteUri(applicationUri)) {
      throw invalid(
          configKey,
          "applicationUri",
          "must be an absolute URI such as urn:unitrace:edge-agent:line-1, was '"
              + applicationUri
              + "'");
    }
    applicationName =
        applicationName == null || applicationName.isBlank() ? applicationUri : applicationName;
    securityPolicy = securityPolicy == null ? Policy.BASIC256_SHA256 : securityPolicy;
    if (messageSecurityMode == null) {
      messageSecurityMode = securityPolicy == Policy.NONE ? Mode.NONE : Mode.SIGN_AND_ENCRYPT;
    }
    if ((securityPolicy == Policy.NONE) != (messageSecurityMode == Mode.NONE)) {
      throw invalid(
          configKey,
          "messageSecurityMode",
          securityPolicy == Policy.NONE
              ? "must be None when securityPolicy is None, was " + messageSecurityMode.uaName()
              : "must be Sign or SignAndEncrypt with securityPolicy "
                  + securityPolicy.uaName()
                  + ", was None");
    }
    if (user != null) {
      if (user.username() == null || user.username().isBlank()) {
        throw invalid(configKey, "user.username", "is required when a user is configured");
      }
      if (user.password() == null) {
        throw invalid(configKey, "user.password", "is required when a user is configured");
      }
    }
    if (keystore != null && keystore.path() != null && keystore.password() == null) {
      throw invalid(configKey, "keystore.password", "is required with keystore.path");
    }
  }

  /** Anonymous, Basic256Sha256/SignAndEncrypt, generated certificate: the secure default. */
  public static OpcUaSecurity of(String configKey, Path pkiDir, String applicationUri) {
    return new OpcUaSecurity(configKey, pkiDir, applicationUri, null, null, null, null, null);
  }

  public OpcUaSecurity withSecurity(Policy policy, Mode mode) {
    return new OpcUaSecurity(
        configKey, pkiDir, applicationUri, applicationName, policy, mode, user, keystore);
  }

  public OpcUaSecurity withUser(String username, String password) {
    return new OpcUaSecurity(
        configKey,
        pkiDir,
        applicationUri,
        applicationName,
        securityPolicy,
        messageSecurityMode,
        new User(username, password),
        keystore);
  }

  public OpcUaSecurity withKeystore(Keystore keystore) {
    return new OpcUaSecurity(
        configKey,
        pkiDir,
        applicationUri,
        applicationName,
        securityPolicy,
        messageSecurityMode,
        user,
        keystore);
  }

  /** Policy and mode as OPC UA tools show them, for messages: {@code Basic256Sha256/Sign}. */
  String policyAndMode() {
    return securityPolicy.uaName() + "/" + messageSecurityMode.uaName();
  }

  /** The full key path of one of this block's settings, for messages. */
  String key(String setting) {
    return configKey + "." + setting;
  }

  private static boolean isAbsoluteUri(String value) {
    try {
      return new URI(value).isAbsolute();
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static IllegalArgumentException invalid(String configKey, String setting, String what) {
    return new IllegalArgumentException(configKey + "." + setting + " " + what);
  }
}
