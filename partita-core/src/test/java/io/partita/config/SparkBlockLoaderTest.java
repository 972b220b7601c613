package io.partita.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partita.ErrorCategory;
import io.partita.PartitaException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code spark:} block passes through core: its shape is checked, its meaning is not. */
class SparkBlockLoaderTest {
  private static final String SPARK =
      """
      name: ml_features
      warehouse: spark
      spark:
        master: local[2]
        catalog: {name: lake, type: hadoop, warehouse: .partita/lake}
        namespace: features
        conf: {spark.executor.memory: 4g}
      partitions:""";

  @TempDir Path dir;

  @Test
  void aSparkBlockIsAcceptedWithWarehouseSpark() {
    ProjectFiles.threeAssets(dir).config("name: ml_features\npartitions:", SPARK);

    Pipeline pipeline = PipelineLoader.load(dir);

    assertThat(pipeline.warehouse()).isEqualTo("spark");
    assertThat(pipeline.files().files().get("partita.yaml")).contains("namespace: features");
  }

  @Test
  void anUnknownKeyInTheSparkBlockNamesItsLine() {
    ProjectFiles.threeAssets(dir)
        .config("name: ml_features\npartitions:", SPARK.replace("namespace:", "namspace:"));

    assertThatThrownBy(() -> PipelineLoader.load(dir))
        .isInstanceOf(PartitaException.class)
        .hasMessageStartingWith("partita.yaml:6:3: unknown key 'namspace' in spark")
        .hasMessageContaining("did you mean 'namespace'?")
        .extracting(e -> ((PartitaException) e).category())
        .isEqualTo(ErrorCategory.USER);
  }

  @Test
  void anUnknownCatalogKeyIsRefused() {
    ProjectFiles.threeAssets(dir)
        .config("name: ml_features\npartitions:", SPARK.replace("type: hadoop", "kind: hadoop"));

    assertThatThrownBy(() -> PipelineLoader.load(dir))
        .isInstanceOf(PartitaException.class)
        .hasMessageStartingWith("partita.yaml:5:")
        .hasMessageContaining("unknown key 'kind' in spark.catalog");
  }

  @Test
  void aSparkBlockWithAnotherWarehouseIsRefused() {
    ProjectFiles.threeAssets(dir)
        .config(
            "name: ml_features\npartitions:",
            SPARK.replace("warehouse: spark", "warehouse: duckdb:w.db"));

    assertThatThrownBy(() -> PipelineLoader.load(dir))
        .isInstanceOf(PartitaException.class)
        .hasMessageStartingWith("partita.yaml:3:1: the spark: block configures warehouse: spark")
        .hasMessageContaining("set warehouse: spark or remove the spark: block");
  }
}
