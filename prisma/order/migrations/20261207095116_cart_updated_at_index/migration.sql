-- Abandoned-cart cleanup (cart-retention.ts) takes the oldest carts first, of any owner, in
-- batches: without this index each batch read and sorted every cart.
-- CreateIndex
CREATE INDEX "cart_updated_at_idx" ON "cart"("updated_at");
