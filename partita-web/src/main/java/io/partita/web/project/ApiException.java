package io.partita.web.project;

/** An HTTP error with a message that is safe to show: answered as {@code {"error": message}}. */
public final class ApiException extends RuntimeException {
  private final int status;

  public ApiException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public static ApiException badRequest(String format, Object... args) {
    return new ApiException(400, String.format(format, args));
  }

  public static ApiException notFound(String format, Object... args) {
    return new ApiException(404, String.format(format, args));
  }

  public static ApiException conflict(String format, Object... args) {
    return new ApiException(409, String.format(format, args));
  }

  public int status() {
    return status;
  }
}
