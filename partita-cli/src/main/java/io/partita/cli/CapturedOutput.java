package io.partita.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.function.IntSupplier;

/**
 * What one command printed, captured on its own thread while the rest of the process keeps printing
 * to the terminal: the holder of the warehouse runs commands for other shells this way. System.out
 * and System.err are process-wide, so they are replaced once by streams that write to the capture
 * of the current thread, or else to the original stream. Output printed from other threads a
 * command starts goes to the holder's terminal; the commands run this way print from their own
 * thread.
 */
final class CapturedOutput {
  private static final ThreadLocal<Capture> CURRENT = new ThreadLocal<>();
  // What System.out encodes with on Java 17 (PrintStream.charset() is 18+).
  private static final Charset CHARSET = Charset.defaultCharset();
  private static PrintStream routedOut;
  private static PrintStream routedErr;

  /** What the command printed and returned. */
  record Result(int exitCode, String stdout, String stderr) {}

  private record Capture(ByteArrayOutputStream out, ByteArrayOutputStream err) {}

  private CapturedOutput() {}

  static Result run(IntSupplier command) {
    install();
    Capture capture = new Capture(new ByteArrayOutputStream(), new ByteArrayOutputStream());
    CURRENT.set(capture);
    int exitCode;
    try {
      exitCode = command.getAsInt();
    } finally {
      CURRENT.remove();
      System.out.flush();
      System.err.flush();
    }
    return new Result(exitCode, capture.out().toString(CHARSET), capture.err().toString(CHARSET));
  }

  /** Routes System.out and System.err, again if someone replaced them since (tests do). */
  private static synchronized void install() {
    if (System.out != routedOut) {
      routedOut = routing(System.out, false);
      System.setOut(routedOut);
    }
    if (System.err != routedErr) {
      routedErr = routing(System.err, true);
      System.setErr(routedErr);
    }
  }

  private static PrintStream routing(PrintStream original, boolean errors) {
    OutputStream router =
        new OutputStream() {
          private OutputStream target() {
            Capture capture = CURRENT.get();
            return capture == null ? original : errors ? capture.err() : capture.out();
          }

          @Override
          public void write(int b) {
            try {
              target().write(b);
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }

          @Override
          public void write(byte[] bytes, int offset, int length) {
            try {
              target().write(bytes, offset, length);
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }

          @Override
          public void flush() {
            original.flush();
          }
        };
    return new PrintStream(router, true, CHARSET);
  }
}
