//! The text model's signals: `text_model_scam` or `text_model_ordinary` with
//! the share of their weight the model's certainty gives, and
//! `text_model_overdue`, each quoting the n-grams that pushed hardest.

use super::{model_points, model_share, Classifier, Raised};
use crate::model::{Head, Reading};
use crate::rules::Known as K;

/// How many of the model's strongest n-grams a model signal quotes.
const MODEL_EVIDENCE: usize = 3;

impl<'a> Classifier<'a> {
    /// The model signals: `text_model_scam` or `text_model_ordinary` with the
    /// share of their weight the model's certainty gives, quoting the n-grams
    /// that pushed hardest; `text_model_overdue` with its overdue points.
    pub(super) fn model_signals(&mut self, model_scam: f32, overdue_points: i32, reading: Option<&Reading<'_>>) {
        let w = self.params.weights;
        let share = model_share(model_scam);
        let (id, share) = if share >= 0.0 { (K::text_model_scam, share) } else { (K::text_model_ordinary, -share) };
        if let Some(i) = self.rules.known(id) {
            let points = model_points(w.weight.get(i).copied().unwrap_or_default(), share);
            if points != 0 {
                self.raise_model(i, Head::Scam, points, id == K::text_model_scam, reading);
            }
        }
        if overdue_points > 0 {
            if let Some(i) = self.rules.known(K::text_model_overdue) {
                self.raise_model(i, Head::Overdue, 0, true, reading);
            }
        }
    }

    /// Raises a model signal; its evidence is what pushed the model hardest
    /// towards its answer (for a scam-leaning or overdue-leaning model), else
    /// the signal stands for the whole text.
    pub(super) fn raise_model(&mut self, signal: usize, head: Head, points: i32, quote: bool, reading: Option<&Reading<'_>>) {
        let evidence = match (quote, reading) {
            (true, Some(r)) => r.explain(head, MODEL_EVIDENCE).1,
            _ => Vec::new(),
        };
        let mut any = false;
        for c in evidence.iter().filter(|c| c.weight > 0.0) {
            let Some(quoted) = self.message.text.get(c.range.clone()) else { continue };
            let span = Some(self.u16().span(c.range.clone()));
            self.raised.push(Raised { signal, span, evidence: quoted.to_string(), detail: None, link: None, from_sender: false, points: Some(points) });
            any = true;
        }
        if !any {
            self.raised.push(Raised { signal, span: None, evidence: String::new(), detail: None, link: None, from_sender: false, points: Some(points) });
        }
    }
}
