import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { put } from '../../../api/client.ts';
import { useFormat, useTitle } from '../../../app/hooks.ts';
import { TextField } from '../../../components/Field.tsx';
import { SaveActions } from '../../../components/FormActions.tsx';
import { QueryState } from '../../../components/Loading.tsx';
import { useSitePage, useSitePageHistory, type SitePage, type SitePageSlug } from './api.ts';

/** The secretariat's editor of a site page: both languages side by side, a note, and the history. */
export function EditPage({ slug }: { slug: SitePageSlug }) {
  const { t } = useTranslation();
  const page = useSitePage(slug);
  useTitle(t('sitePages.editTitle', { page: t(`sitePages.nav.${slug}`) }));
  return (
    <>
      <p>
        <Link to={`/${slug}`}>{t('sitePages.back', { page: t(`sitePages.nav.${slug}`) })}</Link>
      </p>
      <h1>{t('sitePages.editTitle', { page: t(`sitePages.nav.${slug}`) })}</h1>
      {page.data ? <Form slug={slug} page={page.data} /> : <QueryState isLoading={page.isLoading} error={page.error} />}
      <History slug={slug} />
    </>
  );
}

function Form({ slug, page }: { slug: SitePageSlug; page: SitePage }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [title, setTitle] = useState(page.title);
  const [body, setBody] = useState(page.body);
  const [note, setNote] = useState('');
  // The version this edit starts from: a save on top of a newer one is refused by the server.
  const [base, setBase] = useState(page.version);
  useEffect(() => setBase(page.version), [page.version]);
  const save = useMutation({
    mutationFn: () => put<SitePage>(`/api/v1/site-pages/${slug}`, { title, body, note: note || null, baseVersion: base }),
    onSuccess: async (saved) => {
      client.setQueryData(['site-page', slug], saved);
      await client.invalidateQueries({ queryKey: ['site-page', slug, 'history'] });
      void navigate(`/${slug}`);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} className="site-page-form">
      <div className="two-languages">
        {(['es', 'en'] as const).map((l) => (
          <fieldset key={l}>
            <legend>{t(`sitePages.lang.${l}`)}</legend>
            <TextField label={t('sitePages.fields.title')} value={title[l]} required maxLength={200} lang={l} onChange={(e) => setTitle({ ...title, [l]: e.target.value })} />
            <div className="field">
              <label htmlFor={`body-${l}`}>{t('sitePages.fields.body')}</label>
              <p className="hint" id={`body-${l}-hint`}>
                {t('sitePages.fields.bodyHint')}
              </p>
              <textarea id={`body-${l}`} aria-describedby={`body-${l}-hint`} lang={l} rows={18} maxLength={50000} value={body[l]} onChange={(e) => setBody({ ...body, [l]: e.target.value })} />
            </div>
          </fieldset>
        ))}
      </div>
      <TextField label={t('sitePages.fields.note')} hint={t('sitePages.fields.noteHint')} value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
      <SaveActions error={save.error} pending={save.isPending} submitText={t('sitePages.save')} onCancel={() => void navigate(`/${slug}`)} />
    </form>
  );
}

function History({ slug }: { slug: SitePageSlug }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const history = useSitePageHistory(slug);
  return (
    <section aria-labelledby="page-history">
      <h2 id="page-history">{t('sitePages.history')}</h2>
      {history.data ? (
        <div className="table-wrap">
          <table aria-labelledby="page-history">
            <thead>
              <tr>
                <th scope="col">{t('sitePages.version')}</th>
                <th scope="col">{t('sitePages.when')}</th>
                <th scope="col">{t('sitePages.who')}</th>
                <th scope="col">{t('sitePages.fields.note')}</th>
              </tr>
            </thead>
            <tbody>
              {history.data.map((v) => (
                <tr key={v.version}>
                  <td>{v.version}</td>
                  <td>{fmt.dateTime(v.editedAt)}</td>
                  <td>{v.editedBy ?? t('sitePages.seeded')}</td>
                  <td>{v.note ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <QueryState isLoading={history.isLoading} error={history.error} />
      )}
    </section>
  );
}
