package dev.burnwatch.ui.costs;

import dev.burnwatch.ui.common.Cards;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/**
 * The AWS side of the spend (CloudWatch metrics, Cost Explorer). Until AWS is configured
 * the screen says so and what would configure it.
 */
public final class CostsView extends VBox {

    public CostsView() {
        Label title = Cards.label("AWS is not configured", "placeholder-title");
        Label text = new Label("This screen shows what the bill says (AWS Cost Explorer) next to what the "
                + "transcripts say, and the Burnwatch metrics published to CloudWatch. It needs AWS "
                + "credentials from the usual AWS chain (environment, ~/.aws/credentials or an SSO profile) "
                + "and a region. Nothing here is needed to watch and fix the burn on the other screens.");
        text.setWrapText(true);
        text.setMaxWidth(640);
        text.getStyleClass().add("muted");
        VBox card = new VBox(10, title, text);
        card.getStyleClass().add("card");
        card.setMaxWidth(700);
        card.setAlignment(Pos.TOP_LEFT);

        getChildren().addAll(Cards.label("Costs", "screen-title"), card);
        getStyleClass().add("screen");
    }
}
