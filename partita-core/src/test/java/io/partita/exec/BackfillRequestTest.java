package io.partita.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.partita.plan.Order;
import io.partita.plan.Reprocess;
import io.partita.state.RunKind;
import io.partita.state.RunOptions;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackfillRequestTest {
  @Test
  void aRequestOfPartitionsAloneTakesEveryDefault() {
    BackfillRequest request = BackfillRequest.of("2025-01-01..2025-01-31");

    assertThat(request.kind()).isEqualTo(RunKind.BACKFILL);
    assertThat(request.assets()).isEmpty();
    assertThat(request.partitions()).isEqualTo("2025-01-01..2025-01-31");
    assertThat(request.maxParallel()).isEmpty();
    assertThat(request.reprocess()).isEqualTo(Reprocess.ALL);
    assertThat(request.order()).isEqualTo(Order.ASC);
    assertThat(request.publish()).isEqualTo(RunOptions.PER_PARTITION);
    assertThat(request.target()).isEmpty();
    assertThat(request.staleOnly()).isFalse();
    assertThat(request.withDownstream()).isFalse();
    assertThat(request.maxPartitions()).isEmpty();
  }

  @Test
  void toBuilderCarriesEveryOptionAndWithChangesOnlyItsOwn() {
    BackfillRequest request =
        BackfillRequest.newBuilder("2025-01-05")
            .kind(RunKind.CATCHUP)
            .assets("features+")
            .maxParallel(3)
            .writeMode(Optional.of("merge"))
            .retries(Optional.of(2))
            .reprocess(Reprocess.FAILED)
            .order(Order.DESC)
            .reason(Optional.of("late files"))
            .actor("ana")
            .publish(RunOptions.ATOMIC)
            .target("v2")
            .staleOnly(true)
            .withDownstream(true)
            .maxPartitions(Optional.of(50))
            .build();

    BackfillRequest copy = request.toBuilder().build().withAssets("raw_events");

    assertThat(copy.assets()).isEqualTo("raw_events");
    assertThat(copy).usingRecursiveComparison().ignoringFields("assets").isEqualTo(request);
  }

  @Test
  void nullPublishAndTargetMeanTheDefaults() {
    BackfillRequest request =
        BackfillRequest.newBuilder("2025-01-05").publish(null).target(null).build();

    assertThat(request.publish()).isEqualTo(RunOptions.PER_PARTITION);
    assertThat(request.target()).isEmpty();
  }
}
