package io.partita.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A task error is text from the model's author or the database: pages must show it, not run it. */
class EscapingTest {
  static final String PAYLOAD = "<script>alert('pwned')</script>";

  @Test
  void aTaskErrorWithAScriptIsEscapedOnThePartitionPage(@TempDir Path temp) {
    try (TestServer server = new TestServer(TestProjects.failingWithHtml(temp, PAYLOAD))) {
      String id =
          server.post("/api/runs", "{\"partitions\": \"2024-12-01\"}").json().get("id").asText();
      assertThat(server.awaitEnd(id)).isEqualTo("failed");

      String error = server.get("/api/runs/" + id).json().get("tasks").get(0).get("error").asText();
      assertThat(error).contains(PAYLOAD);
      String page = server.get("/partitions/boom/2024-12-01").body();
      assertThat(page)
          .contains("&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;")
          .doesNotContain(PAYLOAD);
      assertThat(server.get("/runs/" + id).body()).doesNotContain(PAYLOAD);
    }
  }
}
