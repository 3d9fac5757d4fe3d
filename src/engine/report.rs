//! The report of a classified message: its signals (each with its points,
//! span and evidence, in text order), its links and sender with the signals
//! they raised, the claimed institution, and the advice.

use super::link_checks::FoundLink;
use super::{Classifier, Raised};
use crate::report::{Advice, InstitutionReport, LinkReport, Report, SenderReport, SignalHit, Verdict};
use crate::sender::SenderInfo;

impl<'a> Classifier<'a> {
    /// The report, made from what was raised (`score`: the verdict's points).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn report(
        self,
        score: i32,
        overdue: bool,
        verdict: Verdict,
        inst: Option<usize>,
        sender_official: bool,
        sender: Option<SenderInfo>,
        links: Vec<FoundLink>,
        advice: Vec<Advice>,
    ) -> Report {
        let defs = &self.rules.catalog.signals;
        let weights = self.params.weights;
        let id_of = |r: &Raised| defs[r.signal].id.to_string();
        let mut link_reports: Vec<LinkReport> = links
            .iter()
            .map(|l| LinkReport {
                url: l.link.url.clone(),
                span: l.link.range.clone().map(|r| self.u16().span(r)),
                domain: l.link.domain.clone(),
                flags: l.link.flags.iter().map(|f| f.code().to_string()).collect(),
                official: l.official,
                input_index: l.input_index,
                signals: Vec::new(),
            })
            .collect();
        for r in &self.raised {
            if let Some(lr) = r.link.and_then(|i| link_reports.get_mut(i)) {
                let id = id_of(r);
                if !lr.signals.contains(&id) {
                    lr.signals.push(id);
                }
            }
        }
        let sender_report = sender.map(|s| SenderReport {
            raw: s.raw.clone(),
            kind: s.kind.code().to_string(),
            official: sender_official,
            service: s.service.as_ref().map(|sv| sv.id.clone()),
            signals: self.raised.iter().filter(|r| r.from_sender).map(id_of).collect(),
        });
        let institution = inst.and_then(|i| self.kb.institutions.get(i)).map(|i| InstitutionReport {
            id: i.id.clone(),
            name: i.name_zh.clone(),
            official: sender_official || links.iter().any(|l| l.official),
        });
        let names = inst.and_then(|i| self.kb.institutions.get(i)).map(|i| (i.name_zh.clone(), i.name_en.clone()));
        let mut signals: Vec<SignalHit> = self
            .raised
            .into_iter()
            .map(|r| {
                let detail_en = names.as_ref().filter(|(zh, _)| r.detail.as_ref() == Some(zh)).map(|(_, en)| en.clone());
                SignalHit {
                    id: defs[r.signal].id.to_string(),
                    weight: r.points.unwrap_or_else(|| weights.weight.get(r.signal).copied().unwrap_or_default()),
                    span: r.span,
                    evidence: r.evidence,
                    detail: r.detail,
                    detail_en,
                }
            })
            .collect();
        signals.sort_by_key(|s| s.span.map_or((0, 0), |sp| (1, sp.0)));
        Report {
            id: self.message.id.clone(),
            overdue,
            verdict,
            score,
            institution,
            sender: sender_report,
            signals,
            links: link_reports,
            advice,
            region: None,
        }
    }
}
