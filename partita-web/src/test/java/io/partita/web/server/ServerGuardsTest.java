package io.partita.web.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The server's own guards: which Host headers count as loopback, how the token is compared. */
class ServerGuardsTest {
  @Test
  void onlyLocalHostNamesAreAcceptedOnLoopback() {
    assertThat(DashboardServer.isLocalHostHeader("127.0.0.1:8765")).isTrue();
    assertThat(DashboardServer.isLocalHostHeader("localhost:8765")).isTrue();
    assertThat(DashboardServer.isLocalHostHeader("[::1]:8765")).isTrue();
    assertThat(DashboardServer.isLocalHostHeader("evil.example:8765")).isFalse();
    assertThat(DashboardServer.isLocalHostHeader("127.0.0.1.evil.example")).isFalse();
  }

  @Test
  void theTokenIsComparedWholly() {
    BearerToken token = new BearerToken("secret-token-123456");

    assertThat(token.matches("Bearer secret-token-123456")).isTrue();
    assertThat(token.matches("bearer secret-token-123456")).isTrue();
    assertThat(token.matches("Bearer secret-token-12345")).isFalse();
    assertThat(token.matches("secret-token-123456")).isFalse();
    assertThat(token.matches(null)).isFalse();
  }
}
