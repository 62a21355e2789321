"""marsad.model: the fine-tuned model at use time (loading, normalisation, inference, event layer).

It never imports marsad.training, so inference works without training-only dependencies.
"""
