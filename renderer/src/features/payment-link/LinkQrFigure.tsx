import { QrCode } from '../../components/QrCode';

/** The link's QR code for a client at the desk; the same-sized box holds its place until the server gives the URL. */
export function LinkQrFigure({ url, qrOnly }: { url: string | null; qrOnly: boolean }) {
  return (
    <figure className="link-qr">
      {url ? (
        <QrCode value={url} label="QR code of the payment link" size={144} />
      ) : (
        <div className="link-qr__placeholder">QR code once the link is created</div>
      )}
      <figcaption className="link-qr__caption">{qrOnly ? 'Show this to the client: no message was sent' : 'A client at the desk can scan it'}</figcaption>
    </figure>
  );
}
