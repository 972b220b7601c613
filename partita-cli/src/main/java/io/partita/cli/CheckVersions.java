package io.partita.cli;

import io.partita.PartitaException;
import io.partita.config.Pipeline;
import io.partita.plan.AssetSelection;
import io.partita.state.StateStore;
import io.partita.state.VersionStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which version's verdicts {@code checks} shows per asset: the version named in {@code --assets}
 * ({@code features_v2}), else the live one. Read from the state store alone: {@code checks} never
 * waits for the warehouse.
 */
final class CheckVersions {
  private static final Pattern ASSET_VERSION = Pattern.compile("(.+?)_{1,2}(v[1-9]\\d{0,8})");

  private CheckVersions() {}

  /** Asset -> version, in selection order. */
  static Map<String, String> select(String spec, Pipeline pipeline, StateStore state) {
    Map<String, String> pinned = new LinkedHashMap<>();
    List<String> rest = new ArrayList<>();
    for (String token : spec.split(",")) {
      String name = token.strip();
      Matcher matcher = ASSET_VERSION.matcher(name);
      if (!pipeline.assets().containsKey(name)
          && matcher.matches()
          && pipeline.assets().containsKey(matcher.group(1))) {
        pinned.put(matcher.group(1), matcher.group(2));
      } else if (!name.isEmpty()) {
        rest.add(name);
      }
    }
    Map<String, String> versions = new LinkedHashMap<>();
    if (!rest.isEmpty() || pinned.isEmpty()) {
      for (String asset : AssetSelection.resolve(String.join(",", rest), pipeline)) {
        versions.put(asset, live(state, asset));
      }
    }
    for (Map.Entry<String, String> entry : pinned.entrySet()) {
      String asset = entry.getKey();
      if (state.versions().list(asset).stream()
          .noneMatch(v -> v.version().equals(entry.getValue()))) {
        throw PartitaException.user(
            "Asset '%s' has no version %s: `partita versions %s` lists its versions",
            asset, entry.getValue(), asset);
      }
      versions.put(asset, entry.getValue());
    }
    return versions;
  }

  /**
   * The live version as the state store knows it: the target of the last promote or rollback, else
   * the asset's first version (its first publish created the published name on it).
   */
  static String live(StateStore state, String asset) {
    List<VersionStore.VersionEvent> events = state.versions().events(asset);
    for (int i = events.size() - 1; i >= 0; i--) {
      String action = events.get(i).action();
      if (action.equals("promote") || action.equals("rollback")) {
        return events.get(i).toVersion();
      }
    }
    return state.versions().list(asset).stream()
        .min(java.util.Comparator.comparing(VersionStore.AssetVersion::createdAt))
        .map(VersionStore.AssetVersion::version)
        .orElse("v1");
  }
}
