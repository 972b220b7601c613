package io.partita.publish;

import io.partita.PartitaException;
import io.partita.config.Pipeline;
import io.partita.engine.Engine;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which version each asset of a run writes: the {@code --target} ({@code features_v2}) or {@code
 * --version} ({@code v2}) given at create, else the asset's live version (v1 for an asset never
 * published).
 */
public final class VersionTargets {
  private static final Pattern VERSION = Pattern.compile("v\\d+");
  private static final Pattern ASSET_VERSION = Pattern.compile("(.+?)_{1,2}(v\\d+)");

  private final Map<String, String> targets;
  private final Map<String, Optional<String>> live;

  private VersionTargets(Map<String, String> targets, Map<String, Optional<String>> live) {
    this.targets = targets;
    this.live = live;
  }

  /**
   * The asset selection of a run: {@code --target ASSET_vN} without {@code --assets} selects that
   * asset alone, so that a versioned rebuild never rewrites the live upstream tables.
   */
  public static String selection(String assets, String target) {
    if (!assets.isBlank() || target == null || target.isBlank()) {
      return assets;
    }
    Matcher matcher = ASSET_VERSION.matcher(target.strip());
    return matcher.matches() ? matcher.group(1) : assets;
  }

  /**
   * The explicit version per asset that {@code spec} names; validates the spec against the
   * selection.
   */
  public static Map<String, String> explicit(String spec, List<String> assets, Pipeline pipeline) {
    Map<String, String> explicit = new HashMap<>();
    if (spec == null || spec.isBlank()) {
      return explicit;
    }
    String text = spec.strip();
    if (VERSION.matcher(text).matches()) {
      checkNumber(text, text);
      assets.forEach(asset -> explicit.put(asset, text));
      return explicit;
    }
    Matcher matcher = ASSET_VERSION.matcher(text);
    if (!matcher.matches()) {
      throw PartitaException.user(
          "Malformed --target '%s': write ASSET_vN (e.g. features_v2) or use --version vN", text);
    }
    String asset = matcher.group(1);
    pipeline.asset(asset); // unknown asset: did-you-mean
    if (!assets.contains(asset)) {
      throw PartitaException.user(
          "--target %s names asset '%s', which is not in --assets; add it to the selection",
          text, asset);
    }
    checkNumber(text, matcher.group(2));
    explicit.put(asset, matcher.group(2));
    return explicit;
  }

  /** Versions are numbered from v1 (the first version of every asset), without leading zeros. */
  private static void checkNumber(String spec, String version) {
    String digits = version.substring(1);
    if (!digits.matches("[1-9]\\d{0,8}")) {
      throw PartitaException.user(
          "Invalid version in '%s': versions are numbered v1, v2, … (no v0, no leading zeros)",
          spec);
    }
  }

  public static VersionTargets resolve(
      String spec, List<String> assets, Pipeline pipeline, Engine engine) {
    Map<String, String> explicit = explicit(spec, assets, pipeline);
    Map<String, String> targets = new HashMap<>();
    Map<String, Optional<String>> live = new HashMap<>();
    for (String asset : assets) {
      Optional<String> liveVersion = engine.liveVersion(asset);
      live.put(asset, liveVersion);
      targets.put(asset, explicit.getOrDefault(asset, liveVersion.orElse("v1")));
    }
    return new VersionTargets(targets, live);
  }

  public String version(String asset) {
    return targets.get(asset);
  }

  public boolean contains(String asset) {
    return targets.containsKey(asset);
  }

  /** True when the run writes what readers see (or will create the asset's first version). */
  public boolean isLive(String asset) {
    String target = targets.get(asset);
    return live.get(asset).map(target::equals).orElse(true);
  }
}
