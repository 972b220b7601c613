package io.partita.config;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.tag.ForTag;
import com.hubspot.jinjava.tree.TagNode;
import java.util.AbstractList;
import java.util.List;

/**
 * jinjava's {@code for} tag with a time limit: three loops deep over {@code range(1000)} is a
 * billion iterations that produce no output, so no output or list limit stops it. The deadline
 * ({@link System#nanoTime()}) travels in the render's context; each loop checks it when it starts
 * and on every item.
 */
final class BoundedForTag extends ForTag {
  static final String DEADLINE_BINDING = "__partita_deadline";

  @Override
  public String renderForCollection(
      TagNode tagNode, JinjavaInterpreter interpreter, List<String> loopVars, Object loopExpr) {
    Object deadline = interpreter.getContext().get(DEADLINE_BINDING);
    if (!(deadline instanceof Long nanos)) {
      return super.renderForCollection(tagNode, interpreter, loopVars, loopExpr);
    }
    checkDeadline(nanos);
    Object items = loopExpr instanceof List<?> list ? new DeadlineList<>(list, nanos) : loopExpr;
    return super.renderForCollection(tagNode, interpreter, loopVars, items);
  }

  static void checkDeadline(long deadlineNanos) {
    if (System.nanoTime() - deadlineNanos > 0) {
      throw new RenderTimeExceeded();
    }
  }

  /**
   * Thrown through jinjava when the deadline passes; {@link SqlTemplates} turns it into a USER
   * error naming the template.
   */
  static final class RenderTimeExceeded extends RuntimeException {
    RenderTimeExceeded() {
      super("template rendering ran out of time", null, false, false);
    }
  }

  /** A list that checks the deadline each time the loop takes an item. */
  private static final class DeadlineList<T> extends AbstractList<T> {
    private final List<T> items;
    private final long deadlineNanos;

    DeadlineList(List<T> items, long deadlineNanos) {
      this.items = items;
      this.deadlineNanos = deadlineNanos;
    }

    @Override
    public T get(int index) {
      checkDeadline(deadlineNanos);
      return items.get(index);
    }

    @Override
    public int size() {
      return items.size();
    }
  }
}
