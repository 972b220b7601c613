package io.partita.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partita.PartitaException;
import io.partita.exec.Owner;
import io.partita.json.JsonOutput;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.ParseResult;

/**
 * The other shells' side of {@link HolderEndpoint}: a command that needs the warehouse while
 * another process holds it runs there, and this process prints what it printed and exits as it
 * exited. Without a live holder (no advert, a dead process, a closed port) the command runs here.
 */
final class HolderClient {
  /**
   * Built on first use only: most commands find no live holder, and an HttpClient starts a selector
   * thread and initialises TLS classes (about a tenth of a no-op command's start-up CPU).
   */
  private static final class Http {
    static final HttpClient CLIENT =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  private HolderClient() {}

  /**
   * Runs {@code args} in the process holding the project's warehouse, if the command is one it runs
   * and such a process is alive; empty when the command should run here.
   *
   * @throws PartitaException CONFLICT when the holder refused the command or stopped while running
   *     it
   */
  static Optional<Integer> forward(ParseResult parsed, List<String> args) {
    if (!HeldCommands.isHeld(parsed)) {
      return Optional.empty();
    }
    Path project = HeldCommands.projectDir(HeldCommands.leaf(parsed)).orElseThrow();
    Optional<HolderAdvert> advert = HolderAdvert.read(project).filter(HolderClient::isOtherLive);
    if (advert.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode body = JsonOutput.object();
    ArrayNode array = body.putArray("args");
    args.forEach(array::add);
    body.put("cwd", Path.of("").toAbsolutePath().toString());
    HttpRequest request =
        HttpRequest.newBuilder(advert.get().url().resolve(HolderEndpoint.PATH))
            .header("Authorization", "Bearer " + advert.get().token())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JsonOutput.write(body)))
            .build();
    HttpResponse<String> response;
    try {
      response = Http.CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      return Optional.empty(); // The holder is gone (or going): the warehouse may be free now.
    } catch (IOException e) {
      throw PartitaException.conflict(
          "The process %s holding the warehouse stopped while it ran the command (%s); run it"
              + " again",
          advert.get().owner(), e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw PartitaException.conflict(
          "Interrupted while process %s ran the command; it may still finish there",
          advert.get().owner());
    }
    JsonNode answer = parse(response.body());
    if (response.statusCode() != 200) {
      throw PartitaException.conflict(
          "The process %s holding the warehouse refused the command: %s",
          advert.get().owner(), answer.path("error").asText(response.body()));
    }
    System.out.print(answer.path("stdout").asText());
    System.out.flush();
    System.err.print(answer.path("stderr").asText());
    System.err.flush();
    return Optional.of(answer.path("exit").asInt(1));
  }

  /** A holder on this host, alive, and not this process (which runs its own commands). */
  private static boolean isOtherLive(HolderAdvert advert) {
    return advert.host().equals(Owner.host())
        && advert.pid() != ProcessHandle.current().pid()
        && ProcessHandle.of(advert.pid()).map(ProcessHandle::isAlive).orElse(false);
  }

  private static JsonNode parse(String body) {
    try {
      return JsonOutput.MAPPER.readTree(body);
    } catch (IOException e) {
      return JsonOutput.object().put("error", body);
    }
  }
}
