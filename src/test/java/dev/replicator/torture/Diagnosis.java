package dev.replicator.torture;

import org.awaitility.core.ConditionEvaluationListener;
import org.awaitility.core.EvaluatedCondition;
import org.awaitility.core.TimeoutEvent;

import java.util.function.Supplier;

/** Prints what a wait was waiting for when it times out, so a stuck scenario says where it stuck. */
final class Diagnosis implements ConditionEvaluationListener<Object> {

    private final Supplier<String> state;

    Diagnosis(Supplier<String> state) {
        this.state = state;
    }

    @Override
    public void conditionEvaluated(EvaluatedCondition<Object> condition) {
    }

    @Override
    public void onTimeout(TimeoutEvent timeoutEvent) {
        System.out.println("timed out waiting: " + state.get());
    }
}
