package io.partita.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partita.ErrorCategory;
import io.partita.PartitaException;
import io.partita.engine.Engine;
import io.partita.engine.duckdb.DuckDbEngineProvider;
import io.partita.engine.postgres.PostgresEngineProvider;
import io.partita.state.StateStore;
import io.partita.state.sqlite.SqliteStateStoreProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackendsTest {
  @TempDir Path dir;

  @Test
  void providersAreFoundByServiceLoader() {
    assertThat(Backends.engines())
        .hasExactlyElementsOfTypes(DuckDbEngineProvider.class, PostgresEngineProvider.class);
    assertThat(Backends.engines().stream().flatMap(provider -> provider.schemes().stream()))
        .containsExactly("duckdb:", "postgresql://", "postgres://");
    assertThat(Backends.stateStores())
        .hasExactlyElementsOfTypes(
            SqliteStateStoreProvider.class,
            io.partita.state.postgres.PostgresStateStoreProvider.class);
    assertThat(Backends.stateStores().get(0).schemes()).containsExactly("sqlite:");
    assertThat(Backends.stateStores().get(1).schemes())
        .containsExactly("postgresql://", "postgres://");
  }

  @Test
  void aUrlIsSplitAtItsProvidersSchemeAndResolvedAgainstTheProject() {
    Backends.StateStores state = Backends.stateStore("sqlite:.partita/state.db");

    assertThat(state.url())
        .isEqualTo(new BackendUrl("state", "sqlite:.partita/state.db", "sqlite:"));
    assertThat(state.url().rest()).isEqualTo(".partita/state.db");
    assertThat(state.provider().location(state.url(), dir))
        .isEqualTo(dir.resolve(".partita/state.db"));
    assertThat(state.provider().exists(state.url(), dir)).isFalse();
  }

  @Test
  void providersOpenRealBackendsThatTheCallerCloses() {
    try (StateStore state = Backends.stateStore("sqlite:s/state.db").open(dir);
        Engine engine =
            Backends.engine("duckdb:w/warehouse.duckdb")
                .open(dir, EngineOptions.forWriting(Clock.systemUTC()))) {
      assertThat(state.runs().list(1)).isEmpty();
      assertThat(engine.identity()).isNotNull();
    }
    assertThat(Files.exists(dir.resolve("s/state.db"))).isTrue();
    assertThat(Files.exists(dir.resolve("w/warehouse.duckdb"))).isTrue();
  }

  @Test
  void anEmptyStateStoreCreatesNothing() {
    Backends.StateStores state = Backends.stateStore("sqlite:.partita/state.db");

    try (StateStore empty = state.provider().openEmpty(state.url(), dir)) {
      assertThat(empty.runs().list(1)).isEmpty();
    }
    assertThat(dir.resolve(".partita")).doesNotExist();
  }

  @Test
  void anUnknownWarehouseSchemeIsAUserErrorListingTheKnownOnes() {
    assertThatThrownBy(() -> Backends.engine("spark://cluster"))
        .isInstanceOfSatisfying(
            PartitaException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.USER))
        .hasMessage(
            "partita.yaml: warehouse 'spark://cluster' has no engine (scheme not supported): use"
                + " one of the known schemes duckdb:, postgres://, postgresql://");
  }

  @Test
  void anUnknownStateSchemeIsAUserErrorListingTheKnownOnes() {
    assertThatThrownBy(() -> Backends.stateStore("duckdb:state.duckdb"))
        .isInstanceOf(PartitaException.class)
        .hasMessage(
            "partita.yaml: state 'duckdb:state.duckdb' has no state store (scheme not supported):"
                + " use one of the known schemes postgres://, postgresql://, sqlite:");
  }
}
