package dev.flightpipeline.duffelsim;

/** A request body read and checked: either what it asks for, or Duffel's error for it. */
sealed interface Checked<T> {

    record Valid<T>(T value) implements Checked<T> {}

    record Invalid<T>(Answer.Json error) implements Checked<T> {}

    static <T> Checked<T> valid(T value) {
        return new Valid<>(value);
    }

    static <T> Checked<T> invalid(Answer.Json error) {
        return new Invalid<>(error);
    }
}
