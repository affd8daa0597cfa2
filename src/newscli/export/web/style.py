"""The one stylesheet of newscli's web pages: a news theme's typography (serif text at a
comfortable measure, sans-serif furniture), a phone layout, dark mode through
``prefers-color-scheme`` and a print layout. The standalone page carries it inline, the
site as ``style.css``."""

STYLESHEET = """:root{--ink:#1d1d1f;--quiet:#6b6b70;--rule:#e2e2e6;--paper:#fff;--tint:#f4f4f6;
--accent:#0a5c9e;--mark:#fff1b8;--star:#e0a400;--up:#1d7a38;--down:#b3261e;
--sans:-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
--serif:Georgia,"Times New Roman",Times,serif}
@media (prefers-color-scheme:dark){:root{--ink:#e8e6e3;--quiet:#a09e9a;--rule:#3a3a3e;
--paper:#17181a;--tint:#222326;--accent:#7cb8f0;--mark:#5a4a0c;--up:#6fcf8a;--down:#ff8a80}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--paper);color:var(--ink);font:1.125rem/1.7 var(--serif)}
a{color:var(--accent)}a:hover{text-decoration-thickness:2px}
.site{font-family:var(--sans);border-bottom:1px solid var(--rule);padding:.8rem 1.25rem}
.site a{color:var(--ink);font-weight:700;text-decoration:none;letter-spacing:.02em}
main,.post{max-width:44rem;margin:0 auto;padding:1.5rem 1.25rem 3rem}
.post{padding-top:0}main .post{padding:0}
h1,h2{font-family:var(--sans);line-height:1.2;letter-spacing:-.01em}
h1{font-size:clamp(1.7rem,4.5vw,2.5rem);margin:.6em 0 .35em}
.byline,.details,.meta,.rating,.subscribe,.form,.bar,figcaption,.pages,.listing .info{
font-family:var(--sans);font-size:.9rem}
.byline{margin:0;color:var(--ink)}.dateline{font-weight:700;text-transform:uppercase}
.details{margin:.2rem 0 1.5rem;color:var(--quiet)}
.tag{display:inline-block;color:var(--quiet);text-decoration:none;border:1px solid var(--rule);
border-radius:2px;padding:0 .4em;margin:0 .1em;font-size:.8rem}a.tag:hover{color:var(--accent)}
.feature{margin:1.25rem 0 .5rem}.frame{display:grid;background:var(--tint)}
.frame>*{grid-area:1/1}.frame img{width:100%;height:auto;display:block}
.placeholder{min-height:12rem;aspect-ratio:16/9;display:flex;align-items:center;
justify-content:center;border:1px dashed var(--rule);color:var(--quiet);font-family:var(--sans)}
.placeholder span::before{content:"\\25A3  "}
figcaption{color:var(--quiet);padding:.4rem 0;border-bottom:1px solid var(--rule)}
.entry p{margin:0 0 1.2em;hyphens:auto;overflow-wrap:break-word}
mark{background:var(--mark);color:inherit;padding:0 .1em}
.fn{font-family:var(--sans);font-size:.75em;vertical-align:super;line-height:0;
text-decoration:none;font-weight:700;margin-left:.1em}
.source-link{font-family:var(--sans);font-size:.85rem;overflow-wrap:anywhere}
.rating{border-top:1px solid var(--rule);margin-top:2rem;padding-top:1rem}
.stars{color:var(--star);font-size:1.3rem;letter-spacing:.1em;margin-right:.3rem}
.label,.quiet{color:var(--quiet)}
.subscribe,.form{border-top:1px solid var(--rule);padding:.8rem 0;margin:0}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em;background:var(--tint);
padding:.1em .35em;border-radius:3px;overflow-wrap:anywhere}
.form .who{font-weight:700;margin-right:.4rem}
.bar{display:flex;flex-wrap:wrap;align-items:baseline;gap:.4rem 1rem;
border-top:3px solid var(--ink);border-bottom:1px solid var(--rule);padding:.5rem 0}
.bar h2{font-size:1rem;margin:0;flex:1;white-space:nowrap}.feedbacks{color:var(--quiet)}
.comments ol{list-style:none;margin:0;padding:0}
.comments ol ol{padding-left:1.25rem;border-left:2px solid var(--rule);margin-left:.4rem}
.note{padding:.8rem 0 .2rem;scroll-margin-top:1rem}.note:target{background:var(--tint);
outline:2px solid var(--accent);outline-offset:4px}
.note p{margin:0 0 .6em;font-size:1rem;overflow-wrap:break-word}
.note .meta{margin-bottom:.3rem;color:var(--quiet)}.meta .who{color:var(--ink);font-weight:700}
.cid{color:var(--quiet);text-decoration:none;font-family:ui-monospace,monospace;font-size:.8rem}
.net{font-weight:700}.net.up{color:var(--up)}.net.down{color:var(--down)}
.deleted .gone{font-style:italic;color:var(--quiet)}
.quoted{margin:.2rem 0 .5rem;padding:.2rem .8rem;border-left:3px solid var(--mark);
font-style:italic;font-size:.95rem}
.listing{list-style:none;margin:0;padding:0}
.listing li{border-bottom:1px solid var(--rule);padding:.9rem 0}
.listing h2{font-size:1.2rem;margin:.15rem 0}.listing h2 a{color:var(--ink);text-decoration:none}
.listing h2 a:hover{color:var(--accent)}.listing .info{color:var(--quiet);margin:0}
.listing .stars{font-size:.95rem}
.pages{display:flex;justify-content:space-between;gap:1rem;margin-top:1.5rem}
.cloud{font-family:var(--sans);line-height:2.2;font-size:.85rem}
.count{font-family:var(--sans);color:var(--quiet);margin:0 0 1rem}
@media (max-width:40rem){body{font-size:1.05rem}
.comments ol ol{padding-left:.7rem;margin-left:.2rem}}
@media print{:root{--ink:#000;--paper:#fff;--quiet:#444;--accent:#000;--mark:#eee}
.site,.pages,.form,.subscribe,.all{display:none}body{font-size:11pt}
a{text-decoration:none}.source-link a::after{content:""}
.note,.feature{break-inside:avoid}}
"""
