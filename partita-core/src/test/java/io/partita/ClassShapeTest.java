package io.partita;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.constructors;

import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The shape of partita-core's classes: no constructor (or record header) takes more than seven
 * parameters; related fields travel as one value record instead.
 */
@AnalyzeClasses(packages = "io.partita", importOptions = ImportOption.DoNotIncludeTests.class)
class ClassShapeTest {
  static final int MOST_PARAMETERS = 7;

  @ArchTest
  static final ArchRule constructorsTakeAtMostSevenParameters =
      constructors().should(takeAtMostParameters(MOST_PARAMETERS));

  /**
   * A constructor's declared parameters: the hidden ones javac adds (an enum's name and ordinal, an
   * inner class's outer instance) do not count.
   */
  static ArchCondition<JavaConstructor> takeAtMostParameters(int most) {
    return new ArchCondition<>("take at most " + most + " parameters") {
      @Override
      public void check(JavaConstructor constructor, ConditionEvents events) {
        int count = declaredParameters(constructor);
        if (count > most) {
          events.add(
              SimpleConditionEvent.violated(
                  constructor,
                  constructor.getFullName()
                      + " takes "
                      + count
                      + " parameters; group related ones into a value record"));
        }
      }
    };
  }

  private static int declaredParameters(JavaConstructor constructor) {
    int count = constructor.getRawParameterTypes().size();
    if (constructor.getOwner().isEnum()) {
      count -= 2;
    } else if (constructor.getOwner().isInnerClass()) {
      count -= 1;
    }
    return Math.max(count, 0);
  }
}
