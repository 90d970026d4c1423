package org.unitrace.line.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.unitrace.line.opcua.OpcUaSecurity.Mode;
import org.unitrace.line.opcua.OpcUaSecurity.Policy;

class OpcUaSecurityTest {

  private static final String KEY = "stations[MARK].opcua";
  private static final Path PKI = Path.of("pki");

  private final OpcUaSecurity secure = OpcUaSecurity.of(KEY, PKI, "urn:unitrace:edge-agent:l1");

  @Test
  void theDefaultIsBasic256Sha256SignAndEncryptAnonymously() {
    assertThat(secure.securityPolicy()).isEqualTo(Policy.BASIC256_SHA256);
    assertThat(secure.messageSecurityMode()).isEqualTo(Mode.SIGN_AND_ENCRYPT);
    assertThat(secure.user()).isNull();
    assertThat(secure.applicationName()).isEqualTo("urn:unitrace:edge-agent:l1");
  }

  @Test
  void policyNoneDefaultsToModeNone() {
    assertThat(secure.withSecurity(Policy.NONE, null).messageSecurityMode()).isEqualTo(Mode.NONE);
  }

  @Test
  void policyNoneWithEncryptionIsRefusedWithTheKeyPath() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> secure.withSecurity(Policy.NONE, Mode.SIGN_AND_ENCRYPT))
        .withMessage(
            "stations[MARK].opcua.messageSecurityMode must be None when securityPolicy is None,"
                + " was SignAndEncrypt");
  }

  @Test
  void aSecurePolicyWithoutSigningIsRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> secure.withSecurity(Policy.BASIC256_SHA256, Mode.NONE))
        .withMessageStartingWith("stations[MARK].opcua.messageSecurityMode must be Sign");
  }

  @Test
  void anApplicationUriMustBeAnAbsoluteUri() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> OpcUaSecurity.of(KEY, PKI, "edge agent"))
        .withMessageStartingWith("stations[MARK].opcua.applicationUri must be an absolute URI");
  }

  @Test
  void thePkiDirectoryIsRequired() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> OpcUaSecurity.of(KEY, null, "urn:x"))
        .withMessageStartingWith("stations[MARK].opcua.pkiDir is required");
  }

  @Test
  void aUserNeedsAPassword() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> secure.withUser("operator", null))
        .withMessageStartingWith("stations[MARK].opcua.user.password is required");
  }

  @Test
  void aProvidedKeystoreNeedsAPassword() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> secure.withKeystore(new OpcUaSecurity.Keystore(Path.of("a.pfx"), null, null)))
        .withMessageStartingWith("stations[MARK].opcua.keystore.password is required");
  }

  @Test
  void passwordsNeverAppearInToString() {
    String text =
        secure
            .withUser("operator", "user-secret")
            .withKeystore(new OpcUaSecurity.Keystore(Path.of("a.pfx"), "store-secret", null))
            .toString();

    assertThat(text).contains("operator").doesNotContain("user-secret", "store-secret");
  }
}
